/**
 * Formulas of declared derived lines: numbers, references in braces, + − × ÷ (also * and /), unary minus and
 * brackets. "{新建商品住房（套）} * 120 / 10000" is area = units × average area in 万㎡.
 */
import { rational } from '../quantity/decimal.js';
import { iAdd, iDiv, iMul, iNeg, iSub, point, ratFrom, type Interval } from './interval.js';

export type FormulaNode =
  | { readonly kind: 'number'; readonly text: string }
  | { readonly kind: 'ref'; readonly ref: string }
  | { readonly kind: 'neg'; readonly arg: FormulaNode }
  | {
      readonly kind: 'op';
      readonly op: '+' | '-' | '*' | '/';
      readonly left: FormulaNode;
      readonly right: FormulaNode;
    };

export class FormulaError extends Error {
  override readonly name = 'FormulaError';
  constructor(
    readonly formula: string,
    readonly reason: string,
  ) {
    super(`${reason}: ${formula}`);
  }
}

type Token = { kind: 'num'; text: string } | { kind: 'ref'; ref: string } | { kind: 'sym'; sym: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const s = src.normalize('NFKC');
  while (i < s.length) {
    const ch = s[i] ?? '';
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '{') {
      const end = s.indexOf('}', i);
      if (end < 0) throw new FormulaError(src, 'unclosed {');
      out.push({ kind: 'ref', ref: s.slice(i + 1, end).trim() });
      i = end + 1;
    } else if (/[\d.]/.test(ch)) {
      const m = /^\d*\.?\d+(?:[eE][+-]?\d+)?/.exec(s.slice(i));
      if (m === null) throw new FormulaError(src, `bad number at ${i}`);
      out.push({ kind: 'num', text: m[0] });
      i += m[0].length;
    } else if ('+-*/()×÷'.includes(ch)) {
      out.push({ kind: 'sym', sym: ch === '×' ? '*' : ch === '÷' ? '/' : ch });
      i++;
    } else {
      throw new FormulaError(src, `unexpected "${ch}"`);
    }
  }
  return out;
}

/** Parses a formula; throws FormulaError. */
export function parseFormula(src: string): FormulaNode {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const isSym = (t: Token | undefined, sym: string): boolean => t?.kind === 'sym' && t.sym === sym;
  function expr(): FormulaNode {
    let left = term();
    while (isSym(peek(), '+') || isSym(peek(), '-')) {
      const op = (tokens[pos++] as { sym: '+' | '-' }).sym;
      left = { kind: 'op', op, left, right: term() };
    }
    return left;
  }
  function term(): FormulaNode {
    let left = factor();
    while (isSym(peek(), '*') || isSym(peek(), '/')) {
      const op = (tokens[pos++] as { sym: '*' | '/' }).sym;
      left = { kind: 'op', op, left, right: factor() };
    }
    return left;
  }
  function factor(): FormulaNode {
    const t = tokens[pos++];
    if (t === undefined) throw new FormulaError(src, 'unexpected end');
    if (t.kind === 'num') return { kind: 'number', text: t.text };
    if (t.kind === 'ref') return { kind: 'ref', ref: t.ref };
    if (t.sym === '-') return { kind: 'neg', arg: factor() };
    if (t.sym === '(') {
      const e = expr();
      if (!isSym(tokens[pos++], ')')) throw new FormulaError(src, 'missing )');
      return e;
    }
    throw new FormulaError(src, `unexpected "${t.sym}"`);
  }
  const node = expr();
  if (pos !== tokens.length) throw new FormulaError(src, 'trailing input');
  return node;
}

/** Every reference a formula uses. */
export function formulaRefs(node: FormulaNode): string[] {
  switch (node.kind) {
    case 'number':
      return [];
    case 'ref':
      return [node.ref];
    case 'neg':
      return formulaRefs(node.arg);
    case 'op':
      return [...formulaRefs(node.left), ...formulaRefs(node.right)];
  }
}

/**
 * Evaluates a formula over intervals; `lookup` gives a reference's interval (undefined: not printed, so the
 * formula cannot be evaluated). Undefined also when a divisor's interval contains zero.
 */
export function evaluateFormula(
  node: FormulaNode,
  lookup: (ref: string) => Interval | undefined,
): Interval | undefined {
  switch (node.kind) {
    case 'number': {
      const r = ratFrom(node.text);
      return point(rational(r.p, r.q));
    }
    case 'ref':
      return lookup(node.ref);
    case 'neg': {
      const a = evaluateFormula(node.arg, lookup);
      return a === undefined ? undefined : iNeg(a);
    }
    case 'op': {
      const a = evaluateFormula(node.left, lookup);
      const b = evaluateFormula(node.right, lookup);
      if (a === undefined || b === undefined) return undefined;
      if (node.op === '+') return iAdd(a, b);
      if (node.op === '-') return iSub(a, b);
      if (node.op === '*') return iMul(a, b);
      return iDiv(a, b);
    }
  }
}
