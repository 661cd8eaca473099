import { conformance } from "./http-conformance/suite.ts";
import { fastifyFixture } from "./http-conformance/adapters/fastify.ts";

conformance(fastifyFixture);
