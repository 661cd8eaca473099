// Splits a run-time event name into its constant text and its values, so a suggestion can turn
// it into a constant name plus fields: `` `User ${id} created` ``, `"User " + id + " created"`,
// or `"User %s created", id` (printf style, with the values in the following arguments).

import { AST_NODE_TYPES, type TSESTree } from "@typescript-eslint/utils";
import { unwrap } from "./unwrap.ts";

export interface EventParts {
  /** The constant text, in order. */
  readonly text: string[];
  /** The values that were interpolated, in order. */
  readonly values: TSESTree.Node[];
}

const FORMAT_SPECIFIER = /%[sdifjoOc%]/g;

function addConcatenation(node: TSESTree.Node, parts: EventParts): boolean {
  const expression = unwrap(node);
  if (expression.type === AST_NODE_TYPES.BinaryExpression && expression.operator === "+") {
    const left = addConcatenation(expression.left, parts);
    const right = addConcatenation(expression.right, parts);
    return left || right;
  }
  if (expression.type === AST_NODE_TYPES.Literal && typeof expression.value === "string") {
    parts.text.push(expression.value);
    return true;
  }
  if (expression.type === AST_NODE_TYPES.TemplateLiteral) {
    const inner = templateParts(expression);
    parts.text.push(...inner.text);
    parts.values.push(...inner.values);
    return true;
  }
  parts.values.push(node);
  return false;
}

function templateParts(template: TSESTree.TemplateLiteral): EventParts {
  return {
    text: template.quasis.map((quasi) => quasi.value.cooked ?? quasi.value.raw),
    values: [...template.expressions],
  };
}

/** The parts of a template literal, a string concatenation, or a printf-style format and its arguments. */
export function eventParts(
  node: TSESTree.Node,
  formatArguments: readonly TSESTree.Node[] = [],
): EventParts | undefined {
  const expression = unwrap(node);
  if (expression.type === AST_NODE_TYPES.TemplateLiteral) return templateParts(expression);
  if (expression.type === AST_NODE_TYPES.BinaryExpression && expression.operator === "+") {
    const parts: EventParts = { text: [], values: [] };
    return addConcatenation(expression, parts) ? parts : undefined;
  }
  if (expression.type === AST_NODE_TYPES.Literal && typeof expression.value === "string") {
    const specifiers = (expression.value.match(FORMAT_SPECIFIER) ?? []).filter((specifier) => specifier !== "%%");
    if (specifiers.length === 0 || formatArguments.length < specifiers.length) return undefined;
    const text = expression.value.split(/%[sdifjoOc]/);
    return { text, values: formatArguments.slice(0, specifiers.length) };
  }
  return undefined;
}
