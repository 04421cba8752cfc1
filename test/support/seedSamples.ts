/**
 * Extracts the JSON samples from the seed documents (`../shared/seeds/*.txt`): every
 * balanced top-level `{…}` or `[…]` block that follows a "JSON Output", "JSON Response",
 * "API Response" or "XML Output" heading. Samples are kept byte for byte, malformed ones
 * included (raw newlines, trailing commas, placeholders): the validator must report them.
 * Gzip samples ("JSON Output (Compressed)") are binary and skipped.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface SeedSample {
  /** Stable id: `<seed file>@<line of the heading>`. */
  id: string;
  file: string;
  /** 1-based line of the heading in the seed file. */
  line: number;
  heading: string;
  text: string;
}

export const SEEDS_DIR = path.resolve(__dirname, '../../../shared/seeds');

const HEADING = /^\s*(JSON Output|JSON Response|API Response|XML Output)\b(.*)$/;
/** Lines that start the next part of a document: a sample never runs past them. */
const STOP = /^\s*(JSON Output|JSON Response|API Response|XML Output|API\s+Request|Sample\b)/;

export function seedFiles(): string[] {
  return fs
    .readdirSync(SEEDS_DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort();
}

export function extractSamples(file: string, content: string): SeedSample[] {
  const lines = content.split('\n');
  const lineStarts: number[] = [];
  let pos = 0;
  for (const l of lines) {
    lineStarts.push(pos);
    pos += l.length + 1;
  }
  const samples: SeedSample[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = HEADING.exec(lines[i]);
    if (!m || /compressed/i.test(m[2])) continue;
    // The block starts at the first non-blank character after the heading.
    let start = lineStarts[i] + lines[i].length + 1;
    while (start < content.length && /\s/.test(content[start])) start++;
    if (content[start] !== '{' && content[start] !== '[') continue;
    const end = blockEnd(content, start, lineStarts, lines);
    const text = content.slice(start, end);
    if (/[\u0000-\u0008\u000e-\u001f]/.test(text)) continue; // binary
    samples.push({ id: `${file}@${i + 1}`, file, line: i + 1, heading: m[1], text });
  }
  return samples;
}

/** End of the balanced block at `start`, or the start of the next heading if it never closes. */
function blockEnd(content: string, start: number, lineStarts: number[], lines: string[]): number {
  let depth = 0;
  let inString = false;
  let line = lineStarts.findIndex((s) => s > start) - 1;
  if (line < 0) line = lines.length - 1;
  for (let i = start; i < content.length; i++) {
    const c = content[i];
    if (c === '\n') {
      line++;
      // A heading or request line ends a sample that never closed (truncated in the docs).
      if (line < lines.length && STOP.test(lines[line])) return i;
      continue;
    }
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return content.length;
}

export function allSeedSamples(): SeedSample[] {
  return seedFiles().flatMap((f) => extractSamples(f, fs.readFileSync(path.join(SEEDS_DIR, f), 'utf8')));
}
