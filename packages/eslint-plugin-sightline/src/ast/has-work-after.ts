import { AST_NODE_TYPES, type TSESTree } from "@typescript-eslint/utils";

/** True when a statement is followed by more statements before the end of `body` (a function body). */
export function hasWorkAfter(statement: TSESTree.Node, body: TSESTree.Node): boolean {
  let child = statement;
  for (let parent = statement.parent; parent != null && child !== body; child = parent, parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.BlockStatement || parent.type === AST_NODE_TYPES.SwitchCase) {
      const list: TSESTree.Node[] = parent.type === AST_NODE_TYPES.BlockStatement ? parent.body : parent.consequent;
      if (list.indexOf(child) < list.length - 1) return true;
    }
  }
  return false;
}
