import { conformance } from "./http-conformance/suite.ts";
import { koa2Fixture } from "./http-conformance/adapters/koa.ts";

conformance(koa2Fixture);
