import { conformance } from "./http-conformance/suite.ts";
import { koaFixture } from "./http-conformance/adapters/koa.ts";

conformance(koaFixture);
