import { conformance } from "./http-conformance/suite.ts";
import { nodeFixture } from "./http-conformance/adapters/node.ts";

conformance(nodeFixture);
