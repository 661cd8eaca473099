// The service's own metrics. HTTP, database, flow and runtime metrics come from Sightline.

import { Counter } from "sightline/metrics";

export type SubmissionStatus = "success" | "validation_error";

/** assessment_submissions_total{skill_area,status}: skill areas are a fixed set from the database. */
export const submissions = new Counter({
  name: "assessment_submissions_total",
  help: "Assessment submissions by skill area and outcome",
  labelNames: ["skill_area", "status"],
});
