export { flow } from "./flow.ts";
export type { Flow } from "./flow.ts";
