import { conformance } from "./http-conformance/suite.ts";
import { express4Fixture } from "./http-conformance/adapters/express.ts";

conformance(express4Fixture);
