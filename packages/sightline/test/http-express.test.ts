import { conformance } from "./http-conformance/suite.ts";
import { expressFixture } from "./http-conformance/adapters/express.ts";

conformance(expressFixture);
