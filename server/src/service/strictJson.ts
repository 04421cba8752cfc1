/**
 * A strict JSON parser that builds jsonc-parser compatible `Node` trees.
 *
 * Why not jsonc-parser's `parseTree`: real Qualys exports contain raw newlines inside
 * strings. jsonc-parser ends the string at the newline and the rest of the line then
 * cascades into dozens of errors and a broken tree. Here a raw newline is reported once
 * and the string continues when it is plainly closed further on, so the tree stays whole.
 * Comments and trailing commas are reported (Qualys takes strict JSON) but skipped, so
 * features keep working while the user types. The parser can also parse one value at a
 * given offset, which the incremental reparse uses.
 */
import type { Node } from 'jsonc-parser';

/** Nodes are built field by field here; jsonc-parser declares them read-only for consumers. */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type MNode = Mutable<Node>;

export interface SyntaxProblem {
  offset: number;
  length: number;
  /**
   * jsonc-parser's error code names where they exist ("CommaExpected", "ValueExpected"…),
   * plus "TrailingComma", "Comment" and "NewlineInString", which it has no name for.
   */
  code: string;
}

const MAX_DEPTH = 400;

// Character codes used by the scanner.
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SLASH = 0x2f;
const STAR = 0x2a;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const LF = 0x0a;
const CR = 0x0d;

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === LF || c === CR || c === 0xfeff;
}

/** Unicode spaces that are not JSON whitespace but appear in JSON copied from web pages (e.g. U+00A0). */
function isForeignSpace(c: number): boolean {
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200b) || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** Characters that end a bad token, so recovery resumes at structure. */
function isDelimiter(c: number): boolean {
  return c === COMMA || c === RBRACE || c === RBRACKET || c === LBRACE || c === LBRACKET || c === COLON || c === QUOTE || c === LF || c === CR;
}

export interface ParsedValue {
  node: Node | undefined;
  /** Offset just after the value (and any whitespace/comments that follow it). */
  end: number;
  problems: SyntaxProblem[];
}

/** Parses a whole document: one value, then only whitespace. */
export function parseStrictJson(text: string): { root: Node | undefined; problems: SyntaxProblem[] } {
  const p = new Parser(text, 0, text.length);
  p.skipTrivia();
  let root: Node | undefined;
  if (p.pos < p.end) {
    root = p.parseValue(undefined, 0);
    p.skipTrivia();
    if (p.pos < p.end) p.problem(p.pos, p.end - p.pos, 'EndOfFileExpected');
  }
  return { root, problems: p.problems };
}

/**
 * Parses exactly one value occupying text[start, end) (surrounding whitespace allowed).
 * Used to reparse one changed subtree; `node.parent` is left for the caller to set.
 */
export function parseValueAt(text: string, start: number, end: number): ParsedValue {
  const p = new Parser(text, start, end);
  p.skipTrivia();
  const node = p.pos < p.end ? p.parseValue(undefined, 0) : undefined;
  p.skipTrivia();
  if (p.pos < p.end) p.problem(p.pos, p.end - p.pos, 'EndOfFileExpected');
  return { node, end: p.pos, problems: p.problems };
}

class Parser {
  readonly problems: SyntaxProblem[] = [];
  pos: number;

  constructor(
    private readonly text: string,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }

  problem(offset: number, length: number, code: string): void {
    this.problems.push({ offset, length, code });
  }

  /** Skips whitespace and comments (reporting each comment: strict JSON has none). */
  skipTrivia(): void {
    const t = this.text;
    while (this.pos < this.end) {
      const c = t.charCodeAt(this.pos);
      if (isWhitespace(c)) {
        this.pos++;
      } else if (isForeignSpace(c)) {
        // Skipped so the structure still parses, but reported: Qualys rejects it.
        const start = this.pos;
        while (this.pos < this.end && (isForeignSpace(t.charCodeAt(this.pos)) || isWhitespace(t.charCodeAt(this.pos)))) {
          if (t.charCodeAt(this.pos) === LF) break;
          this.pos++;
        }
        this.problem(start, this.pos - start, 'InvalidWhitespace');
      } else if (c === SLASH && t.charCodeAt(this.pos + 1) === SLASH) {
        const start = this.pos;
        let nl = t.indexOf('\n', start);
        if (nl === -1 || nl > this.end) nl = this.end;
        this.pos = nl;
        this.problem(start, nl - start, 'Comment');
      } else if (c === SLASH && t.charCodeAt(this.pos + 1) === STAR) {
        const start = this.pos;
        const close = t.indexOf('*/', start + 2);
        if (close === -1 || close + 2 > this.end) {
          this.pos = this.end;
          this.problem(start, this.end - start, 'UnexpectedEndOfComment');
        } else {
          this.pos = close + 2;
          this.problem(start, this.pos - start, 'Comment');
        }
      } else {
        return;
      }
    }
  }

  parseValue(parent: Node | undefined, depth: number): Node | undefined {
    const c = this.text.charCodeAt(this.pos);
    if (depth > MAX_DEPTH && (c === LBRACE || c === LBRACKET)) {
      this.problem(this.pos, 1, 'NestingTooDeep');
      this.skipBalanced();
      return undefined;
    }
    if (c === LBRACE) return this.parseObject(parent, depth);
    if (c === LBRACKET) return this.parseArray(parent, depth);
    if (c === QUOTE) return this.parseString(parent);
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.parseNumber(parent);
    return this.parseLiteral(parent);
  }

  private parseObject(parent: Node | undefined, depth: number): Node {
    const t = this.text;
    const node: MNode = { type: 'object', offset: this.pos, length: 0, children: [], parent };
    const children = node.children!;
    this.pos++; // {
    this.skipTrivia();
    let needComma = false;
    let lastComma = -1;
    while (this.pos < this.end) {
      const c = t.charCodeAt(this.pos);
      if (c === RBRACE) {
        if (lastComma !== -1) this.problem(lastComma, 1, 'TrailingComma');
        this.pos++;
        node.length = this.pos - node.offset;
        return node;
      }
      if (c === COMMA) {
        if (!needComma) this.problem(this.pos, 1, 'PropertyNameExpected');
        lastComma = this.pos;
        needComma = false;
        this.pos++;
        this.skipTrivia();
        continue;
      }
      if (c === RBRACKET) {
        // A stray ']' most likely closes an outer array: stop here, the caller reports.
        break;
      }
      if (needComma) this.problem(this.pos, 1, 'CommaExpected');
      lastComma = -1;
      if (c !== QUOTE) {
        const start = this.pos;
        if (c === LBRACE || c === LBRACKET) {
          this.skipBalanced();
        } else {
          this.skipBadToken();
        }
        // Always make progress (a stray ':' is a delimiter, so nothing was skipped).
        if (this.pos === start) this.pos++;
        this.problem(start, Math.max(1, this.pos - start), 'PropertyNameExpected');
        this.skipTrivia();
        needComma = true;
        continue;
      }
      children.push(this.parseProperty(node, depth));
      needComma = true;
      this.skipTrivia();
    }
    this.problem(this.pos, 0, 'CloseBraceExpected');
    node.length = this.pos - node.offset;
    return node;
  }

  private parseProperty(parent: Node, depth: number): Node {
    const prop: MNode = { type: 'property', offset: this.pos, length: 0, children: [], parent };
    const key = this.parseString(prop);
    prop.children!.push(key);
    this.skipTrivia();
    if (this.text.charCodeAt(this.pos) !== COLON) {
      this.problem(this.pos, 0, 'ColonExpected');
      prop.length = key.offset + key.length - prop.offset;
      return prop;
    }
    prop.colonOffset = this.pos;
    this.pos++;
    this.skipTrivia();
    const c = this.text.charCodeAt(this.pos);
    if (this.pos >= this.end || c === COMMA || c === RBRACE || c === RBRACKET) {
      this.problem(this.pos, 0, 'ValueExpected');
      prop.length = this.pos - prop.offset;
      return prop;
    }
    const value = this.parseValue(prop, depth + 1);
    if (value) prop.children!.push(value);
    prop.length = (value ? value.offset + value.length : this.pos) - prop.offset;
    return prop;
  }

  private parseArray(parent: Node | undefined, depth: number): Node {
    const t = this.text;
    const node: MNode = { type: 'array', offset: this.pos, length: 0, children: [], parent };
    const children = node.children!;
    this.pos++; // [
    this.skipTrivia();
    let needComma = false;
    let lastComma = -1;
    while (this.pos < this.end) {
      const c = t.charCodeAt(this.pos);
      if (c === RBRACKET) {
        if (lastComma !== -1) this.problem(lastComma, 1, 'TrailingComma');
        this.pos++;
        node.length = this.pos - node.offset;
        return node;
      }
      if (c === COMMA) {
        if (!needComma) this.problem(this.pos, 1, 'ValueExpected');
        lastComma = this.pos;
        needComma = false;
        this.pos++;
        this.skipTrivia();
        continue;
      }
      if (c === RBRACE) break;
      if (needComma) this.problem(this.pos, 1, 'CommaExpected');
      lastComma = -1;
      const value = this.parseValue(node, depth + 1);
      if (value) children.push(value);
      needComma = true;
      this.skipTrivia();
    }
    this.problem(this.pos, 0, 'CloseBracketExpected');
    node.length = this.pos - node.offset;
    return node;
  }

  private parseString(parent: Node | undefined): Node {
    const t = this.text;
    const start = this.pos;
    const problemsBefore = this.problems.length;
    let i = start + 1;
    let escaped = false;
    let newlineAt = -1;
    for (;;) {
      if (i >= this.end) {
        this.problem(start, i - start, 'UnexpectedEndOfString');
        break;
      }
      const c = t.charCodeAt(i);
      if (c === QUOTE) {
        i++;
        break;
      }
      if (c === BACKSLASH) {
        escaped = true;
        i = this.checkEscape(i);
        continue;
      }
      if (c === LF || c === CR) {
        if (newlineAt === -1) {
          if (!this.closesLater(i)) {
            // Unterminated string: end it at the line break, as an editor user expects.
            this.problem(start, i - start, 'UnexpectedEndOfString');
            break;
          }
          newlineAt = i;
          this.problem(i, c === CR && t.charCodeAt(i + 1) === LF ? 2 : 1, 'NewlineInString');
        }
        i++;
        continue;
      }
      if (c < 0x20) this.problem(i, 1, 'InvalidCharacter');
      i++;
    }
    this.pos = i;
    const closed = t.charCodeAt(i - 1) === QUOTE && i - 1 > start;
    const raw = t.slice(start + 1, closed ? i - 1 : i);
    return { type: 'string', offset: start, length: i - start, value: escaped ? decode(raw, closed && problemsBefore === this.problems.length) : raw, parent };
  }

  /** Validates the escape at `i` (a backslash) and returns the index after it. */
  private checkEscape(i: number): number {
    const c = this.text.charCodeAt(i + 1);
    // " \ / b f n r t
    if (c === QUOTE || c === BACKSLASH || c === SLASH || c === 0x62 || c === 0x66 || c === 0x6e || c === 0x72 || c === 0x74) return i + 2;
    if (c === 0x75) {
      const hex = this.text.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
        this.problem(i, 2, 'InvalidUnicode');
        return i + 2;
      }
      return i + 6;
    }
    this.problem(i, 2, 'InvalidEscapeCharacter');
    return i + 2;
  }

  /**
   * After a raw line break inside a string: is the string closed further on by a quote
   * that is followed by JSON structure (`,` `}` `]` `:` or the end)? That is the shape
   * of real exports with wrapped text; anything else is an unterminated string.
   */
  private closesLater(i: number): boolean {
    const t = this.text;
    for (let j = i; j < this.end; j++) {
      const c = t.charCodeAt(j);
      if (c === BACKSLASH) {
        j++;
        continue;
      }
      if (c !== QUOTE) continue;
      let k = j + 1;
      while (k < this.end && (isWhitespace(t.charCodeAt(k)) || isForeignSpace(t.charCodeAt(k)))) k++;
      if (k >= this.end) return true;
      const n = t.charCodeAt(k);
      return n === COMMA || n === RBRACE || n === RBRACKET || n === COLON;
    }
    return false;
  }

  private parseNumber(parent: Node | undefined): Node | undefined {
    const t = this.text;
    const start = this.pos;
    let i = start;
    while (i < this.end) {
      const c = t.charCodeAt(i);
      if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45) i++;
      else break;
    }
    this.pos = i;
    const raw = t.slice(start, i);
    if (!/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(raw)) {
      this.problem(start, i - start, 'InvalidNumberFormat');
      const value = Number(raw);
      return Number.isNaN(value) ? undefined : { type: 'number', offset: start, length: i - start, value, parent };
    }
    return { type: 'number', offset: start, length: i - start, value: Number(raw), parent };
  }

  private parseLiteral(parent: Node | undefined): Node | undefined {
    const start = this.pos;
    const t = this.text;
    for (const [word, type, value] of LITERALS) {
      if (t.startsWith(word, start) && (start + word.length >= this.end || !isIdentChar(t.charCodeAt(start + word.length)))) {
        this.pos = start + word.length;
        return { type, offset: start, length: word.length, value, parent };
      }
    }
    this.skipBadToken();
    if (this.pos === start) this.pos++;
    this.problem(start, this.pos - start, 'InvalidSymbol');
    return undefined;
  }

  /** Skips an invalid token up to the next structural character or line break. */
  private skipBadToken(): void {
    const t = this.text;
    while (this.pos < this.end && !isDelimiter(t.charCodeAt(this.pos))) this.pos++;
  }

  /** Skips a bracketed region we will not build nodes for (too deep, or a misplaced key). */
  private skipBalanced(): void {
    const t = this.text;
    let level = 0;
    while (this.pos < this.end) {
      const c = t.charCodeAt(this.pos);
      if (c === QUOTE) {
        const close = t.indexOf('"', this.pos + 1);
        this.pos = close === -1 ? this.end : close + 1;
        continue;
      }
      if (c === LBRACE || c === LBRACKET) level++;
      if (c === RBRACE || c === RBRACKET) level--;
      this.pos++;
      if (level <= 0) return;
    }
  }
}

const LITERALS: readonly (readonly ['true' | 'false' | 'null', 'boolean' | 'null', boolean | null])[] = [
  ['true', 'boolean', true],
  ['false', 'boolean', false],
  ['null', 'null', null],
];

function isIdentChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** The value of a string body with escapes; the native JSON decoder when the body is valid JSON. */
function decode(raw: string, valid: boolean): string {
  if (valid) {
    try {
      return JSON.parse('"' + raw + '"') as string;
    } catch {
      // Fall through to the lenient decoder.
    }
  }
  return unescape(raw);
}

function unescape(raw: string): string {
  return raw.replace(/\\(u[0-9a-fA-F]{4}|.)/gs, (m, e: string) => {
    if (e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
    return ESCAPES[e] ?? m;
  });
}
