import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { isObservation } from "./is-observation.ts";
import type { SightlineSettings } from "./settings.ts";
import { someDescendant } from "./some-descendant.ts";

/** True when `node` or code inside it logs, counts, captures or throws (see is-observation.ts). */
export function containsObservation(
  node: TSESTree.Node,
  settings: SightlineSettings,
  sourceCode: Readonly<TSESLint.SourceCode>,
): boolean {
  return someDescendant(node, sourceCode.visitorKeys, (child) => isObservation(child, settings, sourceCode));
}
