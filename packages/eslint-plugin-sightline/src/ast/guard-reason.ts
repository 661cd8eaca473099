import { AST_NODE_TYPES, type TSESTree } from "@typescript-eslint/utils";
import { calleeName } from "./callee-name.ts";
import { keyWords } from "../redact/key-matcher.ts";
import { memberChain } from "./member-chain.ts";
import { toSnakeCase } from "./to-snake-case.ts";
import { unwrap } from "./unwrap.ts";

/**
 * A stable snake_case reason for the guard condition a function returns on, for the suggested
 * warning: `!order` → `order_missing`, `!(await isValidQuestion(id))` → `invalid_question`,
 * `rows.length === 0` → `rows_empty`, `attempts >= limit` → `attempts_at_least_limit`.
 * Undefined for a condition of another shape (`a || b`, `typeof x`): its source says more then.
 */
export function guardReason(test: TSESTree.Expression): string | undefined {
  const node = bare(test);
  if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === "!") return negated(bare(node.argument));
  if (node.type === AST_NODE_TYPES.BinaryExpression) return comparison(node);
  const parts = node.type === AST_NODE_TYPES.CallExpression ? callParts(node) : chainParts(node);
  if (parts === undefined) return undefined;
  const [verb, ...rest] = parts.name;
  // `isExpired(x)` → `expired`; `user.isBanned` → `user_banned`
  return join([...parts.owner, ...(verb === "is" && rest.length > 0 ? rest : parts.name)]);
}

// Verbs asking whether something is there: `!cache.has(key)` → `key_not_found`.
const LOOKUPS = new Set(["has", "includes", "contains", "exists"]);

/** The reason a `!x` guard returns on: what `x` says is not so. */
function negated(node: TSESTree.Node): string | undefined {
  if (node.type === AST_NODE_TYPES.CallExpression) {
    const parts = callParts(node);
    if (parts === undefined) return undefined;
    const [verb, ...rest] = parts.name;
    if (rest.length === 0 && LOOKUPS.has(verb!)) {
      const key = node.arguments[0] === undefined ? undefined : valueWords(node.arguments[0]);
      return join(key === undefined ? [verb!, "failed"] : [...key, "not_found"]);
    }
    return predicate(verb!, rest) ?? join([...parts.name, "failed"]);
  }
  const parts = chainParts(node);
  if (parts === undefined) return undefined;
  const [first, ...rest] = parts.name;
  if (parts.owner.length > 0 && rest.length === 0 && (first === "length" || first === "size")) {
    return join([...parts.owner, "empty"]);
  }
  const said = predicate(first!, rest);
  return join(said === undefined ? [...parts.owner, ...parts.name, "missing"] : [...parts.owner, said]);
}

/** `is_valid_x` → `invalid_x`, `is_x` → `not_x`, `has_x` → `no_x`, `can_x` → `cannot_x`; else undefined. */
function predicate(verb: string, rest: string[]): string | undefined {
  if (rest.length === 0) return undefined;
  if (verb === "is" && rest[0] === "valid") return join(["invalid", ...rest.slice(1)]);
  if (verb === "is") return join(["not", ...rest]);
  if (verb === "has") return join(["no", ...rest]);
  if (verb === "can") return join(["cannot", ...rest]);
  return undefined;
}

const COMPARISONS: Readonly<Record<string, string>> = {
  ">": "above",
  ">=": "at_least",
  "<": "below",
  "<=": "at_most",
  "===": "is",
  "==": "is",
  "!==": "not",
  "!=": "not",
};

function comparison(node: TSESTree.BinaryExpression): string | undefined {
  const operator = COMPARISONS[node.operator];
  if (operator === undefined || node.left.type === AST_NODE_TYPES.PrivateIdentifier) return undefined;
  const left = valueWords(node.left);
  const right = valueWords(node.right);
  if (left === undefined || right === undefined) return undefined;
  // `rows.length === 0`, `<= 0`, `< 1`
  const bound = numberOf(node.right);
  const empty = (bound === 0 && (operator === "is" || operator === "at_most")) || (bound === 1 && operator === "below");
  if (empty && (left.at(-1) === "length" || left.at(-1) === "size")) return join([...left.slice(0, -1), "empty"]);
  if (operator === "is" && isNothing(node.right)) return join([...left, "missing"]);
  return join([...left, operator, ...right]);
}

/** The words of a tested name: its own (`name`) and those of what it is read from (`owner`). */
interface NameParts {
  owner: string[];
  name: string[];
}

/**
 * `a.b.c` read as its last two names (`req.body.user.email` → owner `user`, name `email`),
 * without `this`; undefined when it is not a chain of plain names.
 */
function chainParts(node: TSESTree.Node): NameParts | undefined {
  const chain = memberChain(node);
  if (chain === undefined) return undefined;
  const names = chain.split(".").filter((name) => name !== "this");
  const name = keyWords(names.at(-1) ?? "");
  if (name.length === 0) return undefined;
  return { owner: names.length > 1 ? keyWords(names.at(-2)!) : [], name };
}

/** The name a call is made by (`isValidQuestion` → `is`, `valid`, `question`), with no owner. */
function callParts(call: TSESTree.CallExpression): NameParts | undefined {
  const name = keyWords(calleeName(call) ?? "");
  return name.length === 0 ? undefined : { owner: [], name };
}

/** Words of a name, a member chain or a literal; undefined for anything else. */
function valueWords(node: TSESTree.Node): string[] | undefined {
  const value = bare(node);
  if (value.type === AST_NODE_TYPES.Literal && (typeof value.value === "string" || typeof value.value === "number")) {
    const words = keyWords(String(value.value));
    return words.length === 0 ? undefined : words;
  }
  if (isNothing(value)) return [value.type === AST_NODE_TYPES.Literal ? "null" : "undefined"];
  const parts = chainParts(value);
  return parts === undefined ? undefined : [...parts.owner, ...parts.name];
}

/** Strips `await`, `x!`, `x as T` and parentheses' kin: what the guard tests, not how. */
function bare(node: TSESTree.Node): TSESTree.Node {
  let current = unwrap(node);
  while (current.type === AST_NODE_TYPES.AwaitExpression) current = unwrap(current.argument);
  return current;
}

function numberOf(node: TSESTree.Node): number | undefined {
  const value = bare(node);
  return value.type === AST_NODE_TYPES.Literal && typeof value.value === "number" ? value.value : undefined;
}

function isNothing(node: TSESTree.Node): boolean {
  const value = bare(node);
  return (
    (value.type === AST_NODE_TYPES.Literal && value.value === null) ||
    (value.type === AST_NODE_TYPES.Identifier && value.name === "undefined")
  );
}

/** The words as one snake_case name, as event names are made (at most six words). */
function join(words: string[]): string | undefined {
  return toSnakeCase(words.join(" ")) || undefined;
}
