import { defaultRegistry } from "./registry.ts";

/** The default registry every metric joins unless its options say otherwise. @since 0.1.0 */
export const registry = defaultRegistry();
