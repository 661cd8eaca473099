import { conformance } from "./http-conformance/suite.ts";
import { honoFixture } from "./http-conformance/adapters/hono.ts";

conformance(honoFixture);
