/**
 * The allowlist walk over a parsed mathjs tree. Every node kind is refused unless listed here, so a
 * construct mathjs adds in a later version is refused too until someone decides it is safe.
 *
 * The walk also lowers the tree: each reference to the scope (a name, or a chain `test.accuracy`)
 * becomes a fresh symbol `$0`, `$1` … bound to a plain number, boolean or string at evaluation
 * time. mathjs then never looks up a property of a user object, and never sees a function value.
 */
import type { MathNode } from 'mathjs';
import { formatPath } from './suggest.js';
import { didYouMeanHint } from '../did-you-mean.js';

/** Functions an expression may call: arithmetic only, no side effects, no access to anything. */
export const ALLOWED_FUNCTIONS: ReadonlySet<string> = new Set([
  'abs', 'ceil', 'floor', 'round', 'sign', 'min', 'max', 'mod', 'pow', 'sqrt', 'cbrt', 'exp',
  'log', 'log10', 'log2', 'sin', 'cos', 'tanh', 'isNaN',
]);

/** Operators by their mathjs function name. Bitwise, factorial, units and matrix operators are out. */
const ALLOWED_OPERATORS: ReadonlySet<string> = new Set([
  'add', 'subtract', 'multiply', 'divide', 'unaryMinus', 'unaryPlus', 'pow', 'mod',
  'smaller', 'smallerEq', 'larger', 'largerEq', 'equal', 'unequal', 'and', 'or', 'not', 'xor',
]);

/** Named constants, inlined as numbers. */
const CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, e: Math.E, Infinity: Infinity, NaN: NaN };

/** Names that must never be read as properties, whatever the scope holds. */
const FORBIDDEN_PROPERTIES = new Set(['__proto__', 'prototype', 'constructor', '__defineGetter__', '__lookupGetter__']);

/** Why a node kind is refused, in a user's words. */
const REFUSED_KINDS: Readonly<Record<string, string>> = {
  AssignmentNode: 'assignment (`=`) is not allowed',
  FunctionAssignmentNode: 'function definitions (`f(x) = …`) are not allowed',
  BlockNode: 'several statements (`;` or a new line) are not allowed; write one expression',
  ArrayNode: 'arrays and matrices (`[…]`) are not allowed',
  ObjectNode: 'object literals (`{…}`) are not allowed',
  RangeNode: 'ranges (`a:b`) are not allowed',
  IndexNode: 'indexing is only allowed as a property of a scope value',
};

/** A construct the allowlist refuses; the caller adds which expression and where. */
export class RefusedConstruct extends Error {}

/** A reference to the scope: the path of property names from a root variable. */
export interface ScopeRef { segments: string[]; display: string }

/** mathjs node classes (from the locked-down instance) used to build the lowered tree. */
export interface NodeClasses {
  SymbolNode: new (name: string) => MathNode;
  ConstantNode: new (value: unknown) => MathNode;
  OperatorNode: new (op: string, fn: string, args: MathNode[], implicit?: boolean) => MathNode;
  FunctionNode: new (fn: MathNode, args: MathNode[]) => MathNode;
  ParenthesisNode: new (content: MathNode) => MathNode;
  ConditionalNode: new (c: MathNode, t: MathNode, f: MathNode) => MathNode;
  RelationalNode: new (conditionals: string[], params: MathNode[]) => MathNode;
}

// The fields of the node kinds we read; mathjs's own typings make each kind generic and awkward.
interface AnyNode {
  type: string; name: string; value: unknown; op: string; fn: AnyNode & string; args: AnyNode[]; implicit: boolean;
  object: AnyNode; index: AnyNode; dimensions: AnyNode[]; optionalChaining: boolean; content: AnyNode;
  condition: AnyNode; trueExpr: AnyNode; falseExpr: AnyNode; conditionals: string[]; params: AnyNode[];
}

/**
 * Checks `root` against the allowlist and returns it lowered, with the scope paths it reads.
 * `variables` are the root names an expression may use. Throws RefusedConstruct.
 */
export function lowerTree(root: MathNode, variables: readonly string[], nodes: NodeClasses): { tree: MathNode; refs: ScopeRef[] } {
  const refs: ScopeRef[] = [];
  const symbolFor = (segments: string[]): MathNode => {
    const display = formatPath(segments);
    let i = refs.findIndex((r) => r.display === display);
    if (i < 0) i = refs.push({ segments, display }) - 1;
    return new nodes.SymbolNode(`$${i}`);
  };

  const lower = (node: AnyNode): MathNode => {
    switch (node.type) {
      case 'ConstantNode': {
        const t = typeof node.value;
        if (t !== 'number' && t !== 'boolean' && t !== 'string') throw new RefusedConstruct(`the constant ${String(node.value)} is not allowed`);
        return new nodes.ConstantNode(node.value);
      }
      case 'SymbolNode': {
        if (Object.hasOwn(CONSTANTS, node.name)) return new nodes.ConstantNode(CONSTANTS[node.name]);
        if (variables.includes(node.name)) return symbolFor([node.name]);
        if (ALLOWED_FUNCTIONS.has(node.name)) throw new RefusedConstruct(`\`${node.name}\` is a function; call it, e.g. ${node.name}(x), or use one of the values ${variables.join(', ')}`);
        throw new RefusedConstruct(unknownName(node.name, variables));
      }
      case 'AccessorNode':
        return symbolFor(accessPath(node, variables));
      case 'ParenthesisNode':
        return new nodes.ParenthesisNode(lower(node.content));
      case 'ConditionalNode':
        return new nodes.ConditionalNode(lower(node.condition), lower(node.trueExpr), lower(node.falseExpr));
      case 'OperatorNode': {
        if (!ALLOWED_OPERATORS.has(node.fn)) throw new RefusedConstruct(`the operator \`${node.op}\` (${node.fn}) is not allowed`);
        const args = node.args.map(lower);
        // mathjs compares strings as numbers; `status == "completed"` should compare text.
        if (node.fn === 'equal' || node.fn === 'unequal') return new nodes.FunctionNode(new nodes.SymbolNode(`${node.fn}Value`), args);
        return new nodes.OperatorNode(node.op, node.fn, args, node.implicit);
      }
      case 'RelationalNode': {
        for (const c of node.conditionals) if (!ALLOWED_OPERATORS.has(c)) throw new RefusedConstruct(`the comparison ${c} is not allowed`);
        return new nodes.RelationalNode([...node.conditionals], node.params.map(lower));
      }
      case 'FunctionNode': {
        if (node.fn.type !== 'SymbolNode') throw new RefusedConstruct(`calling a property or the result of an expression is not allowed; only the functions ${functionList()} can be called`);
        const name = node.fn.name;
        if (!ALLOWED_FUNCTIONS.has(name)) {
          throw new RefusedConstruct(`calling \`${name}\` is not allowed; the functions allowed are ${functionList()}`);
        }
        return new nodes.FunctionNode(new nodes.SymbolNode(name), node.args.map(lower));
      }
      default:
        throw new RefusedConstruct(REFUSED_KINDS[node.type] ?? `${node.type} is not allowed`);
    }
  };
  return { tree: lower(root as unknown as AnyNode), refs };
}

/** `a.b["c"]` → ['a', 'b', 'c']; only named properties of an allowed root. */
function accessPath(node: AnyNode, variables: readonly string[]): string[] {
  const reversed: string[] = [];
  let n = node;
  while (n.type === 'AccessorNode') {
    if (n.optionalChaining) throw new RefusedConstruct('optional chaining (`?.`) is not allowed; a missing value already fails with a clear message');
    const dims = n.index.dimensions;
    if (dims.length !== 1 || dims[0].type !== 'ConstantNode' || typeof dims[0].value !== 'string') {
      throw new RefusedConstruct('only named properties can be read (`test.accuracy`, `horizons.final.test["1h"]`), not numeric or computed indices');
    }
    const key = dims[0].value;
    if (FORBIDDEN_PROPERTIES.has(key)) throw new RefusedConstruct(`the property "${key}" is not allowed`);
    reversed.push(key);
    n = n.object;
  }
  if (n.type === 'SymbolNode' && ALLOWED_FUNCTIONS.has(n.name) && !variables.includes(n.name)) {
    throw new RefusedConstruct(`\`${n.name}\` is a function; its properties cannot be read`);
  }
  if (n.type !== 'SymbolNode') throw new RefusedConstruct('properties can only be read from a named value (such as `test.accuracy`), not from the result of an expression');
  if (!variables.includes(n.name)) throw new RefusedConstruct(unknownName(n.name, variables));
  return [n.name, ...reversed.reverse()];
}

function unknownName(name: string, variables: readonly string[]): string {
  const known = variables.length ? `the names available are ${variables.map((v) => `\`${v}\``).join(', ')}` : 'no names are available here';
  const hint = didYouMeanHint(name, variables);
  return `\`${name}\` is not a known name; ${known}${hint ? `.${hint}` : ''}`;
}

function functionList(): string {
  return [...ALLOWED_FUNCTIONS].join(', ');
}
