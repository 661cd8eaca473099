import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from "@typescript-eslint/utils";

/**
 * The initializer of the variable an identifier names, when it is declared once with
 * `const|let|var x = init` (not destructured); undefined otherwise.
 */
export function variableInit(
  identifier: TSESTree.Identifier,
  sourceCode: Readonly<TSESLint.SourceCode>,
): TSESTree.Expression | undefined {
  const variable = ASTUtils.findVariable(sourceCode.getScope(identifier), identifier);
  if (variable === null || variable.defs.length !== 1) return undefined;
  const def = variable.defs[0]!;
  if (def.node.type !== AST_NODE_TYPES.VariableDeclarator) return undefined;
  if (def.node.id.type !== AST_NODE_TYPES.Identifier) return undefined;
  return def.node.init ?? undefined;
}
