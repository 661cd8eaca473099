// Whether a caught error goes somewhere: into a call (`next(err)`, `reject(err)`), a return, a
// throw, an assignment or a stored value (a local made from it is followed by the caller) — itself or something made from it (`err.message`,
// `` `${err}` ``). Only reading it to decide (`err.code === "ENOENT"`) is not handling it.

import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";

/** Nodes through which a value made from the error passes on unchanged in spirit. */
function carriesValue(child: TSESTree.Node, parent: TSESTree.Node): boolean {
  switch (parent.type) {
    case AST_NODE_TYPES.MemberExpression:
      return parent.object === child;
    case AST_NODE_TYPES.TemplateLiteral:
    case AST_NODE_TYPES.ArrayExpression:
    case AST_NODE_TYPES.ObjectExpression:
    case AST_NODE_TYPES.SpreadElement:
    case AST_NODE_TYPES.AwaitExpression:
    case AST_NODE_TYPES.ChainExpression:
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
    case AST_NODE_TYPES.TSTypeAssertion:
    case AST_NODE_TYPES.LogicalExpression:
      return true;
    case AST_NODE_TYPES.Property:
      return parent.value === child;
    case AST_NODE_TYPES.BinaryExpression:
      return parent.operator === "+";
    case AST_NODE_TYPES.ConditionalExpression:
      return parent.test !== child;
    case AST_NODE_TYPES.CallExpression:
      // `err.toString()`, `String(err)`: the result is still made from the error
      return parent.callee === child;
    default:
      return false;
  }
}

/** Where a value made from the error ends up handled. */
function isSink(child: TSESTree.Node, parent: TSESTree.Node): boolean {
  switch (parent.type) {
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression:
      return parent.arguments.includes(child as TSESTree.CallExpressionArgument);
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.ThrowStatement:
    case AST_NODE_TYPES.YieldExpression:
      return true;
    case AST_NODE_TYPES.AssignmentExpression:
      return parent.right === child;
    case AST_NODE_TYPES.ArrowFunctionExpression:
      return parent.body === child;
    default:
      return false;
  }
}

export function errorFlowsOut(variables: readonly TSESLint.Scope.Variable[]): boolean {
  for (const variable of variables) {
    for (const reference of variable.references) {
      let child: TSESTree.Node = reference.identifier;
      let parent: TSESTree.Node | undefined = child.parent;
      while (parent != null) {
        if (isSink(child, parent)) return true;
        if (!carriesValue(child, parent)) break;
        child = parent;
        parent = parent.parent;
      }
    }
  }
  return false;
}
