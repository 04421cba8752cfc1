/**
 * A PCRE pattern parser: enough of PCRE2's syntax to translate what Qualys policies use
 * ((?i) and other inline flags, \A \Z \z, \h, \Q…\E, possessive quantifiers, atomic groups,
 * POSIX classes, backreferences, lookaround) and to reject, by name, what we cannot run.
 */
import { childrenOf, type AssertKind, type GroupKind, type PNode, type ParsedPattern, type QuantifierMode } from './ast';
import * as cs from './charSet';
import type { CharSet } from './charSet';

export class PcreSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  x: boolean;
  U: boolean;
  n: boolean;
}

const ESCAPE_CODES: Record<string, number> = { a: 7, e: 27, f: 12, n: 10, r: 13, t: 9 };
const UNSUPPORTED_ESCAPES: Record<string, string> = {
  X: '\\X (extended grapheme cluster)',
  C: '\\C (single code unit)',
};

export function parsePcre(pattern: string): ParsedPattern {
  return new Parser(pattern).parse();
}

class Parser {
  private pos = 0;
  private captureCount = 0;
  private readonly names = new Map<string, number>();
  private readonly pendingNamedRefs: { name: string; node: { index: number }; offset: number }[] = [];
  private allCaseless = true;
  private sawSet = false;
  /** Offset of a (?| group: its groups share numbers, which our numbering does not follow. */
  private branchReset?: number;

  constructor(private readonly src: string) {}

  parse(): ParsedPattern {
    const flags: Flags = { i: false, m: false, s: false, x: false, U: false, n: false };
    const root = this.parseAlternation(flags);
    if (this.pos < this.src.length) throw this.error('unmatched closing parenthesis');
    for (const ref of this.pendingNamedRefs) {
      const index = this.names.get(ref.name);
      if (index === undefined) throw new PcreSyntaxError(`reference to non-existent subpattern '${ref.name}'`, ref.offset);
      ref.node.index = index;
    }
    const caselessBackrefOffset = checkBackrefs(root, this.captureCount);
    if (this.branchReset !== undefined && hasBackref(root)) throw new PcreSyntaxError('unsupported construct: backreferences together with a branch reset group (?|…)', this.branchReset);
    return { root, captureCount: this.captureCount, allCaseless: this.sawSet && this.allCaseless, caselessBackrefOffset };
  }

  private error(message: string, offset = this.pos): PcreSyntaxError {
    return new PcreSyntaxError(message, offset);
  }

  private peek(n = 0): string | undefined {
    return this.src[this.pos + n];
  }

  private startsWith(s: string): boolean {
    return this.src.startsWith(s, this.pos);
  }

  private parseAlternation(flags: Flags): PNode {
    const offset = this.pos;
    const alts = [this.parseSequence(flags)];
    while (this.peek() === '|') {
      this.pos++;
      alts.push(this.parseSequence(flags));
    }
    return alts.length === 1 ? alts[0] : { t: 'alt', alts, offset };
  }

  private parseSequence(flags: Flags): PNode {
    const offset = this.pos;
    const items: PNode[] = [];
    for (;;) {
      this.skipExtended(flags);
      const c = this.peek();
      if (c === undefined || c === '|' || c === ')') break;
      const atomOffset = this.pos;
      const atom = this.parseAtom(flags);
      if (atom === null) continue;
      this.skipExtended(flags);
      items.push(this.parseQuantifiers(atom, flags, atomOffset));
    }
    return items.length === 1 ? items[0] : { t: 'seq', items, offset };
  }

  /** In (?x) mode white space and #-comments outside classes are ignored. */
  private skipExtended(flags: Flags): void {
    if (!flags.x) return;
    for (;;) {
      const c = this.peek();
      if (c !== undefined && /\s/.test(c)) this.pos++;
      else if (c === '#') {
        while (this.pos < this.src.length && this.src[this.pos] !== '\n') this.pos++;
      } else return;
    }
  }

  private parseQuantifiers(atom: PNode, flags: Flags, atomOffset: number): PNode {
    let node = atom;
    for (;;) {
      const q = this.readQuantifier();
      if (!q) return node;
      if (node.t === 'assert') throw this.error('quantifier does not follow a repeatable item', q.offset);
      let mode: QuantifierMode = flags.U ? 'lazy' : 'greedy';
      if (this.peek() === '?') {
        this.pos++;
        mode = flags.U ? 'greedy' : 'lazy';
      } else if (this.peek() === '+') {
        this.pos++;
        mode = 'possessive';
      }
      if (node.t === 'group' && (node.kind === 'lookahead' || node.kind === 'negLookahead' || node.kind === 'lookbehind' || node.kind === 'negLookbehind')) {
        // PCRE treats a repeated assertion as if it occurred at most once.
        if (q.min === 0) return { t: 'seq', items: [], offset: atomOffset };
        continue;
      }
      node = { t: 'repeat', body: node, min: q.min, max: q.max, mode, offset: atomOffset };
      this.skipExtended(flags);
    }
  }

  private readQuantifier(): { min: number; max: number; offset: number } | undefined {
    const offset = this.pos;
    const c = this.peek();
    if (c === '*' || c === '+' || c === '?') {
      this.pos++;
      return { min: c === '+' ? 1 : 0, max: c === '?' ? 1 : Infinity, offset };
    }
    if (c !== '{') return undefined;
    const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
    if (!m) return undefined; // PCRE: a '{' that does not start a quantifier is a literal
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    if (min > 65535 || (max !== Infinity && max > 65535)) throw this.error('number too big in {} quantifier');
    if (max < min) throw this.error('numbers out of order in {} quantifier');
    this.pos += m[0].length;
    return { min, max, offset };
  }

  /** `fold` is false for items whose case behaviour is already settled (classes fold themselves, \\d has no case). */
  private charNode(set: CharSet, flags: Flags, offset: number, fold = true): PNode {
    this.sawSet = true;
    if (!flags.i) this.allCaseless = false;
    return { t: 'set', set: fold && flags.i ? cs.caseFold(set) : set, offset };
  }

  private parseAtom(flags: Flags): PNode | null {
    const offset = this.pos;
    const c = this.src[this.pos];
    switch (c) {
      case '(':
        return this.parseGroup(flags);
      case '[':
        return this.charNode(this.parseClass(flags), flags, offset, false);
      case '.':
        this.pos++;
        return this.charNode(flags.s ? cs.ANY : cs.negate(cs.NEWLINE), flags, offset, false);
      case '^':
        this.pos++;
        return { t: 'assert', kind: flags.m ? 'lineStart' : 'textStart', offset };
      case '$':
        this.pos++;
        return { t: 'assert', kind: flags.m ? 'lineEnd' : 'textEndNl', offset };
      case '\\':
        return this.parseEscape(flags);
      case '*':
      case '+':
      case '?':
        throw this.error('quantifier does not follow a repeatable item');
      case '{':
        if (/^\{\d+(,\d*)?\}/.test(this.src.slice(this.pos))) throw this.error('quantifier does not follow a repeatable item');
        break;
    }
    const cp = this.src.codePointAt(this.pos)!;
    this.pos += cp > 0xffff ? 2 : 1;
    return this.charNode(cs.single(cp), flags, offset);
  }

  private parseEscape(flags: Flags): PNode | null {
    const offset = this.pos;
    this.pos++; // backslash
    const c = this.src[this.pos];
    if (c === undefined) throw this.error('\\ at end of pattern', offset);
    const assertKinds: Record<string, AssertKind> = { A: 'textStart', G: 'textStart', z: 'textEnd', Z: 'textEndNl', b: 'wordBoundary', B: 'notWordBoundary' };
    if (assertKinds[c]) {
      this.pos++;
      return { t: 'assert', kind: assertKinds[c], offset };
    }
    if (c === 'Q') {
      this.pos++;
      const end = this.src.indexOf('\\E', this.pos);
      const text = this.src.slice(this.pos, end === -1 ? undefined : end);
      this.pos = end === -1 ? this.src.length : end + 2;
      const items = [...text].map((ch) => this.charNode(cs.single(ch.codePointAt(0)!), flags, offset));
      return { t: 'seq', items, offset };
    }
    if (c === 'E') {
      this.pos++;
      return null;
    }
    if (c === 'K') {
      // \K only moves the reported start of the match; whether a match exists is unchanged.
      this.pos++;
      return null;
    }
    if (c === 'R') {
      this.pos++;
      const crlf: PNode = { t: 'seq', items: [this.rawSet(13, offset), this.rawSet(10, offset)], offset };
      return { t: 'group', kind: 'atomic', body: { t: 'alt', alts: [crlf, { t: 'set', set: cs.VSPACE, offset }], offset }, offset };
    }
    if (c === 'N' && this.peek(1) !== '{') {
      this.pos++;
      return this.charNode(cs.negate(cs.NEWLINE), flags, offset, false);
    }
    if (UNSUPPORTED_ESCAPES[c]) throw this.error(`unsupported construct: ${UNSUPPORTED_ESCAPES[c]}`, offset);
    const ref = this.readBackref(flags);
    if (ref) return ref;
    const shorthand = this.readClassEscape();
    if (shorthand) return this.charNode(shorthand, flags, offset, false);
    const cp = this.readCharEscape(offset);
    return this.charNode(cs.single(cp), flags, offset);
  }

  private rawSet(cp: number, offset: number): PNode {
    return { t: 'set', set: cs.single(cp), offset };
  }

  /** After the backslash: \1…\9, \g{n}, \g{-n}, \gn, \k<name>, \k'name', \k{name}, \g{name}. */
  private readBackref(flags: Flags): PNode | undefined {
    const offset = this.pos - 1;
    const node = (index: number): PNode & { t: 'backref' } => ({ t: 'backref', index, caseless: flags.i, offset });
    const rest = this.src.slice(this.pos);
    let m: RegExpExecArray | null;
    if ((m = /^[1-9]\d*/.exec(rest))) {
      const n = Number(m[0]);
      // PCRE: \1–\9 are always backreferences; \10+ only when that many groups exist, else octal.
      if (n >= 10 && n > this.captureCount && /^[0-7]/.test(m[0])) return undefined;
      this.pos += m[0].length;
      return node(n);
    }
    if ((m = /^g\{?(-?\d+)\}?/.exec(rest)) && (m[0].includes('{') === m[0].endsWith('}'))) {
      this.pos += m[0].length;
      let n = Number(m[1]);
      if (n < 0) n = this.captureCount + 1 + n;
      if (n <= 0) throw this.error('reference to non-existent subpattern', offset);
      return node(n);
    }
    if ((m = /^(?:k<(\w+)>|k'(\w+)'|k\{(\w+)\}|g\{(\w+)\})/.exec(rest))) {
      this.pos += m[0].length;
      const ref = node(0);
      this.pendingNamedRefs.push({ name: m[1] ?? m[2] ?? m[3] ?? m[4], node: ref, offset });
      return ref;
    }
    if (rest[0] === 'g' || rest[0] === 'k') throw this.error(`malformed \\${rest[0]} reference`, offset);
    return undefined;
  }

  /** After the backslash: \d \D \w \W \s \S \h \H \v \V \p{…} \P{…}. */
  private readClassEscape(): CharSet | undefined {
    const c = this.src[this.pos];
    const base: Record<string, CharSet> = { d: cs.DIGIT, w: cs.WORD, s: cs.SPACE, h: cs.HSPACE, v: cs.VSPACE };
    if (base[c]) {
      this.pos++;
      return base[c];
    }
    if (base[c.toLowerCase()] && c !== c.toLowerCase()) {
      this.pos++;
      return cs.negate(base[c.toLowerCase()]);
    }
    if (c === 'p' || c === 'P') {
      const offset = this.pos - 1;
      const m = /^[pP](?:\{(\^?)([\w&]+)\}|([A-Z]))/.exec(this.src.slice(this.pos));
      if (!m) throw this.error('malformed \\p or \\P sequence', offset);
      this.pos += m[0].length;
      const set = unicodeProperty(m[2] ?? m[3]);
      if (!set) throw this.error(`unknown Unicode property name '${m[2] ?? m[3]}'`, offset);
      return (c === 'P') !== (m[1] === '^') ? cs.negate(set) : set;
    }
    return undefined;
  }

  /** After the backslash: one character escape; returns its code point. */
  private readCharEscape(offset: number): number {
    const rest = this.src.slice(this.pos);
    const c = rest[0];
    let m: RegExpExecArray | null;
    if (ESCAPE_CODES[c] !== undefined) {
      this.pos++;
      return ESCAPE_CODES[c];
    }
    if ((m = /^x\{([0-9a-fA-F]+)\}/.exec(rest)) || (m = /^x([0-9a-fA-F]{0,2})/.exec(rest))) {
      this.pos += m[0].length;
      return this.codePoint(m[1] ? parseInt(m[1], 16) : 0, offset);
    }
    if ((m = /^o\{([0-7]+)\}/.exec(rest))) {
      this.pos += m[0].length;
      return this.codePoint(parseInt(m[1], 8), offset);
    }
    if ((m = /^[0-7]{1,3}/.exec(rest))) {
      this.pos += m[0].length;
      return parseInt(m[0], 8);
    }
    if (c === 'c') {
      const ch = rest[1];
      if (ch === undefined || ch.charCodeAt(0) > 127) throw this.error('\\c must be followed by a printable ASCII character', offset);
      this.pos += 2;
      return ch.toUpperCase().charCodeAt(0) ^ 0x40;
    }
    if (c === 'N' && rest[1] === '{') throw this.error('unsupported construct: \\N{U+hhhh} (use \\x{hhhh})', offset);
    if (c === 'u' || c === 'U' || c === 'L' || c === 'l') throw this.error(`PCRE does not support \\${c} (use \\x{hhhh} for a code point)`, offset);
    if (/[0-9A-Za-z]/.test(c)) throw this.error(`unrecognized escape \\${c}`, offset);
    const cp = this.src.codePointAt(this.pos)!;
    this.pos += cp > 0xffff ? 2 : 1;
    return cp;
  }

  private codePoint(n: number, offset: number): number {
    if (n > cs.MAX_CODE_POINT || (n >= 0xd800 && n <= 0xdfff)) throw this.error('character code point value in \\x{} or \\o{} is too large or a surrogate', offset);
    return n;
  }

  private parseClass(flags: Flags): CharSet {
    const start = this.pos;
    this.pos++; // [
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.pos++;
    }
    const parts: CharSet[] = [];
    let first = true;
    for (;;) {
      const c = this.peek();
      if (c === undefined) throw this.error('missing terminating ] for character class', start);
      if (c === ']' && !first) {
        this.pos++;
        break;
      }
      first = false;
      const itemOffset = this.pos;
      const item = this.readClassItem();
      if (item === null) continue;
      if (typeof item !== 'number') {
        parts.push(item);
        continue;
      }
      // A range needs a character on both sides; 'a-]' and 'a-\d' keep the '-' literal.
      if (this.peek() === '-' && this.peek(1) !== undefined && this.peek(1) !== ']') {
        const save = this.pos;
        this.pos++;
        const end = this.readClassItem();
        if (typeof end === 'number') {
          if (end < item) throw this.error('range out of order in character class', itemOffset);
          parts.push([[item, end]]);
          continue;
        }
        this.pos = save;
      }
      parts.push(cs.single(item));
    }
    let set = cs.union(...parts);
    if (flags.i) set = cs.caseFold(set);
    return negated ? cs.negate(set) : set;
  }

  /** One class item: a code point, a set (\d, [:alpha:], \Q…\E), or null (\E). */
  private readClassItem(): number | CharSet | null {
    const offset = this.pos;
    if (this.startsWith('[:')) {
      const m = /^\[:(\^?)([a-z]+):\]/.exec(this.src.slice(this.pos));
      if (m) {
        const set = cs.POSIX_CLASSES[m[2]];
        if (!set) throw this.error(`unknown POSIX class name '${m[2]}'`, offset);
        this.pos += m[0].length;
        return m[1] ? cs.negate(set) : set;
      }
    }
    if (this.startsWith('[=') || this.startsWith('[.')) throw this.error('unsupported construct: POSIX collating elements ([= =] and [. .])', offset);
    const c = this.src[this.pos];
    if (c !== '\\') {
      const cp = this.src.codePointAt(this.pos)!;
      this.pos += cp > 0xffff ? 2 : 1;
      return cp;
    }
    this.pos++;
    const e = this.src[this.pos];
    if (e === undefined) throw this.error('\\ at end of pattern', offset);
    if (e === 'Q') {
      this.pos++;
      const end = this.src.indexOf('\\E', this.pos);
      const text = this.src.slice(this.pos, end === -1 ? undefined : end);
      this.pos = end === -1 ? this.src.length : end + 2;
      return cs.union(...[...text].map((ch) => cs.single(ch.codePointAt(0)!)));
    }
    if (e === 'E') {
      this.pos++;
      return null;
    }
    if (e === 'b') {
      this.pos++;
      return 8; // backspace inside a class
    }
    if ('BRXNGAzZK'.includes(e)) throw this.error(`escape sequence \\${e} is invalid in a character class`, offset);
    const shorthand = this.readClassEscape();
    if (shorthand) return shorthand;
    return this.readCharEscape(offset);
  }

  private parseGroup(outer: Flags): PNode | null {
    const offset = this.pos;
    this.pos++; // (
    const rest = this.src.slice(this.pos);
    if (rest.startsWith('*')) throw this.error(`unsupported construct: backtracking control verb or start-of-pattern option '(${rest.slice(0, rest.indexOf(')') + 1 || 8)}'`, offset);
    let kind: GroupKind = outer.n ? 'plain' : 'capture';
    let name: string | undefined;
    let flags: Flags = { ...outer };
    if (rest.startsWith('?')) {
      let m: RegExpExecArray | null;
      if (rest.startsWith('?#')) {
        const end = this.src.indexOf(')', this.pos);
        if (end === -1) throw this.error('missing ) after (?# comment', offset);
        this.pos = end + 1;
        return null;
      } else if ((m = /^\?(?:<([A-Za-z_]\w*)>|'([A-Za-z_]\w*)'|P<([A-Za-z_]\w*)>)/.exec(rest))) {
        kind = 'capture';
        name = m[1] ?? m[2] ?? m[3];
        this.pos += m[0].length;
      } else if ((m = /^\?P=(\w+)\)/.exec(rest))) {
        this.pos += m[0].length;
        const node = { t: 'backref' as const, index: 0, caseless: outer.i, offset };
        this.pendingNamedRefs.push({ name: m[1], node, offset });
        return node;
      } else if (/^\?(?:R|[+-]?\d|&|P>)/.test(rest)) {
        throw this.error('unsupported construct: recursion or subroutine call', offset);
      } else if (rest.startsWith('?(')) {
        throw this.error('unsupported construct: conditional subpattern (?(…)…)', offset);
      } else if (rest.startsWith('?C')) {
        throw this.error('unsupported construct: callout (?C…)', offset);
      } else {
        const simple: Record<string, GroupKind> = { '?:': 'plain', '?|': 'plain', '?>': 'atomic', '?=': 'lookahead', '?!': 'negLookahead', '?<=': 'lookbehind', '?<!': 'negLookbehind' };
        const key = Object.keys(simple).find((k) => rest.startsWith(k));
        if (key) {
          kind = simple[key];
          if (key === '?|') this.branchReset ??= offset;
          this.pos += key.length;
        } else {
          m = /^\?(\^)?([A-Za-z]*)(?:-([A-Za-z]*))?([:)])/.exec(rest);
          if (!m) throw this.error('unrecognized character after (? or (?-', offset);
          const target = m[4] === ')' ? outer : flags;
          if (m[1]) Object.assign(target, { i: false, m: false, s: false, x: false, U: false, n: false });
          this.applyFlags(target, m[2], true, offset);
          if (m[3] !== undefined) this.applyFlags(target, m[3], false, offset);
          this.pos += m[0].length;
          // (?i) changes the options for the rest of the enclosing group, including later alternatives.
          if (m[4] === ')') return null;
          kind = 'plain';
        }
      }
    }
    const capture = kind === 'capture' ? ++this.captureCount : undefined;
    if (name !== undefined) {
      if (this.names.has(name)) throw this.error(`two named subpatterns have the same name '${name}'`, offset);
      this.names.set(name, capture!);
    }
    const body = this.parseAlternation(flags);
    if (this.peek() !== ')') throw this.error('missing closing parenthesis', offset);
    this.pos++;
    return { t: 'group', kind, body, capture, offset };
  }

  private applyFlags(target: Flags, letters: string, on: boolean, offset: number): void {
    for (const l of letters) {
      if (l === 'i' || l === 'm' || l === 's' || l === 'x' || l === 'U' || l === 'n') target[l] = on;
      else if (l === 'J') continue; // duplicate names: only affects naming, which we key by first use
      else throw this.error(`unsupported inline option '${l}'`, offset);
    }
  }
}

function hasBackref(node: PNode): boolean {
  return node.t === 'backref' || childrenOf(node).some(hasBackref);
}

/** Throws on a reference to a group that does not exist; answers where a caseless reference is, if any. */
function checkBackrefs(node: PNode, captureCount: number): number | undefined {
  let caseless: number | undefined;
  if (node.t === 'backref') {
    if (node.index < 1 || node.index > captureCount) throw new PcreSyntaxError('reference to non-existent subpattern', node.offset);
    if (node.caseless) caseless = node.offset;
  }
  for (const child of childrenOf(node)) caseless ??= checkBackrefs(child, captureCount);
  return caseless;
}

const propertyCache = new Map<string, CharSet | undefined>();

/** \p{…}: resolved once per name by asking the JavaScript engine's Unicode tables. */
function unicodeProperty(name: string): CharSet | undefined {
  if (propertyCache.has(name)) return propertyCache.get(name);
  let set: CharSet | undefined;
  if (name === 'Any') set = cs.ANY;
  else if (name === 'L&') set = cs.union(unicodeProperty('Lu')!, unicodeProperty('Ll')!, unicodeProperty('Lt')!);
  else if (name === 'Xan') set = cs.union(unicodeProperty('L')!, unicodeProperty('N')!);
  else if (name === 'Xwd') set = cs.union(unicodeProperty('L')!, unicodeProperty('N')!, cs.single(95));
  else if (name === 'Xsp' || name === 'Xps') set = cs.union(unicodeProperty('Z')!, cs.SPACE);
  else {
    let re: RegExp | undefined;
    for (const src of [`^\\p{${name}}$`, `^\\p{Script=${name}}$`]) {
      try {
        re = new RegExp(src, 'u');
        break;
      } catch {
        // not this spelling
      }
    }
    if (re) {
      const ranges: [number, number][] = [];
      for (let cp = 0; cp <= cs.MAX_CODE_POINT; cp++) {
        if (cp >= 0xd800 && cp <= 0xdfff) continue;
        if (re.test(String.fromCodePoint(cp))) {
          const last = ranges[ranges.length - 1];
          if (last && last[1] === cp - 1) last[1] = cp;
          else ranges.push([cp, cp]);
        }
      }
      set = ranges;
    }
  }
  propertyCache.set(name, set);
  return set;
}
