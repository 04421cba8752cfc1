/**
 * Splits a streamed top-level JSON array into the source text of its elements, one at a time,
 * so a response of hundreds of thousands of records never sits in memory whole.
 * Chunks may end anywhere (inside a string, after a backslash, between brackets).
 * Also accepts a single top-level object (an error body) as one element, and the trailing
 * comma real Qualys responses sometimes end with.
 */

export class JsonSplitError extends Error {}

type State = 'start' | 'between' | 'element' | 'done';

/** Next structural character outside strings. */
const STRUCTURAL = /[[\]{}",]/g;
/** Next character that matters inside a string. */
const IN_STRING = /["\\]/g;

export class JsonArraySplitter {
  private state: State = 'start';
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Pieces of the element being collected, from earlier chunks. */
  private pieces: string[] = [];
  private piecesLength = 0;
  /** The input was a single object rather than an array. */
  private singleObject = false;
  private consumed = 0;

  /** @param maxElementChars an element larger than this is refused (a runaway or hostile response). */
  constructor(private readonly maxElementChars = 64 * 1024 * 1024) {}

  /** True when the input was one object instead of an array (then the only element is that object). */
  get wasSingleObject(): boolean {
    return this.singleObject;
  }

  /** Feeds the next decoded text; returns the elements completed by it. */
  push(chunk: string): string[] {
    const out: string[] = [];
    let i = 0;
    let start = this.state === 'element' ? 0 : -1;
    const n = chunk.length;
    while (i < n) {
      if (this.state === 'element') {
        if (this.inString) {
          if (this.escaped) {
            this.escaped = false;
            i++;
            continue;
          }
          IN_STRING.lastIndex = i;
          const m = IN_STRING.exec(chunk);
          if (!m) {
            i = n;
            break;
          }
          i = m.index + 1;
          if (m[0] === '\\') this.escaped = true;
          else this.inString = false;
          continue;
        }
        STRUCTURAL.lastIndex = i;
        const m = STRUCTURAL.exec(chunk);
        if (!m) {
          i = n;
          break;
        }
        const ch = m[0];
        const at = m.index;
        i = at + 1;
        if (ch === '"') {
          this.inString = true;
        } else if (ch === '{' || ch === '[') {
          this.depth++;
        } else if (ch === '}' || ch === ']') {
          if (this.depth === 0) {
            // `]` closing the array right after a primitive element.
            if (ch === '}' || this.singleObject) throw this.fail(`unexpected "${ch}"`);
            this.finish(chunk, start, at, out);
            this.state = 'done';
            continue;
          }
          this.depth--;
          if (this.depth === 0) {
            this.finish(chunk, start, i, out);
            this.state = this.singleObject ? 'done' : 'between';
          }
        } else if (ch === ',' && this.depth === 0) {
          this.finish(chunk, start, at, out);
          this.state = 'between';
        }
        continue;
      }
      const code = chunk.charCodeAt(i);
      if (code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09 || code === 0xfeff) {
        i++;
        continue;
      }
      const ch = chunk[i];
      if (this.state === 'start') {
        if (ch === '[') {
          this.state = 'between';
          i++;
        } else if (ch === '{') {
          this.singleObject = true;
          this.beginElement();
          start = i;
        } else {
          throw this.fail(`expected a JSON array but found "${ch}"`);
        }
      } else if (this.state === 'between') {
        if (ch === ']') {
          this.state = 'done';
          i++;
        } else if (ch === ',') {
          i++; // tolerate the empty slot of a trailing comma
        } else {
          this.beginElement();
          start = i;
        }
      } else {
        throw this.fail(`unexpected "${ch}" after the end of the array`);
      }
    }
    if (this.state === 'element' && start >= 0) this.keep(chunk.slice(start));
    this.consumed += n;
    return out;
  }

  /** Call at end of input; throws if the array (or an element) is incomplete. */
  end(): void {
    if (this.state === 'done') return;
    if (this.state === 'start') return; // empty body: no records
    throw new JsonSplitError(
      this.state === 'element' ? 'the response ended in the middle of a record' : 'the response ended before the closing "]" of the array',
    );
  }

  private beginElement(): void {
    this.state = 'element';
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
  }

  private finish(chunk: string, start: number, endExclusive: number, out: string[]): void {
    const tail = chunk.slice(Math.max(start, 0), endExclusive);
    const text = this.pieces.length ? this.pieces.join('') + tail : tail;
    this.pieces = [];
    this.piecesLength = 0;
    const trimmed = text.trim();
    if (trimmed) out.push(trimmed);
  }

  private keep(piece: string): void {
    this.piecesLength += piece.length;
    if (this.piecesLength > this.maxElementChars) {
      throw this.fail(`a single record is larger than ${Math.round(this.maxElementChars / 1048576)} MB`);
    }
    this.pieces.push(piece);
  }

  private fail(why: string): JsonSplitError {
    return new JsonSplitError(`${why} (near character ${this.consumed})`);
  }
}
