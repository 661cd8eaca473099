import type { TSESLint, TSESTree } from "@typescript-eslint/utils";

/**
 * True when `test` holds for `node` or a node below it. The walk does not enter what `skip`
 * rejects (its children are not visited either).
 */
export function someDescendant(
  node: TSESTree.Node,
  visitorKeys: TSESLint.SourceCode.VisitorKeys,
  test: (node: TSESTree.Node) => boolean,
  skip?: (node: TSESTree.Node) => boolean,
): boolean {
  const stack: TSESTree.Node[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current !== node && skip?.(current) === true) continue;
    if (test(current)) return true;
    for (const key of visitorKeys[current.type] ?? []) {
      const child = (current as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (const item of child) if (item !== null && typeof item === "object") stack.push(item as TSESTree.Node);
      } else if (child !== null && typeof child === "object") {
        stack.push(child as TSESTree.Node);
      }
    }
  }
  return false;
}
