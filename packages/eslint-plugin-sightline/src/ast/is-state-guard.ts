// A condition about the state around a function rather than about its input: `if (finished)`,
// `if (!this.enabled)`, `if (this.state === "started")`. Such guards make a function idempotent
// or switch a feature off; they are not work skipped for a reason anyone needs to see.

import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import type { FunctionNode } from "./is-function.ts";
import { someDescendant } from "./some-descendant.ts";

function isReferenceName(node: TSESTree.Identifier): boolean {
  const parent = node.parent;
  if (parent.type === AST_NODE_TYPES.MemberExpression && parent.property === node && !parent.computed) return false;
  if (parent.type === AST_NODE_TYPES.Property && parent.key === node && !parent.computed) return false;
  return true;
}

/** True when the condition calls nothing and reads only `this`, constants and variables from outside `fn`. */
export function isStateGuard(
  test: TSESTree.Expression,
  fn: FunctionNode,
  sourceCode: Readonly<TSESLint.SourceCode>,
): boolean {
  const [start, end] = fn.range;
  const readsInput = someDescendant(test, sourceCode.visitorKeys, (node) => {
    switch (node.type) {
      case AST_NODE_TYPES.CallExpression:
      case AST_NODE_TYPES.NewExpression:
      case AST_NODE_TYPES.AwaitExpression:
        return true;
      case AST_NODE_TYPES.Identifier: {
        if (!isReferenceName(node)) return false;
        const variable = ASTUtils.findVariable(sourceCode.getScope(node), node);
        const declared = variable?.defs[0]?.name.range;
        return declared !== undefined && declared[0] >= start && declared[1] <= end;
      }
      default:
        return false;
    }
  });
  return !readsInput;
}
