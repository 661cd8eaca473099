import type { TSESLint, TSESTree } from "@typescript-eslint/utils";

/** True when code inside `node` reads one of `variables` (by scope analysis, not by name). */
export function referencesVariables(node: TSESTree.Node, variables: readonly TSESLint.Scope.Variable[]): boolean {
  const [start, end] = node.range;
  return variables.some((variable) =>
    variable.references.some((reference) => {
      const [from, to] = reference.identifier.range;
      return from >= start && to <= end;
    }),
  );
}
