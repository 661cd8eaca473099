// Puts a statement before a return: on its own line inside the block, or in a new block when the
// return is an `if`'s bare consequent (`if (x) return;` → `if (x) { log...; return; }`).

import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";

export function insertBeforeReturn(
  fixer: TSESLint.RuleFixer,
  ret: TSESTree.ReturnStatement,
  statement: string,
  sourceCode: Readonly<TSESLint.SourceCode>,
): TSESLint.RuleFix {
  if (ret.parent.type === AST_NODE_TYPES.BlockStatement) {
    const line = sourceCode.lines[ret.loc.start.line - 1] ?? "";
    const indent = /^\s*/.exec(line)?.[0] ?? "";
    return fixer.insertTextBefore(ret, `${statement}\n${indent}`);
  }
  return fixer.replaceText(ret, `{ ${statement} ${sourceCode.getText(ret)} }`);
}
