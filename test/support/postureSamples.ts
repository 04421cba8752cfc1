/**
 * The posture records with evidence in the seed documents, read tolerantly.
 *
 * The seeds are copied from PDFs: strings hold raw line breaks where the page wrapped,
 * placeholders stand in for ids (`<CONTROL ID>`, `xx`), so the records are not JSON. We read
 * just the fields evaluation needs: `status`, `evidence.expectedValues` and
 * `evidence.currentValues`. A raw line break inside a string is a wrap: inside a run of
 * dashes it joined two halves of the run, anywhere else it stood for a space.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { PostureStatus } from '../../server/src/model/catalog';
import { parseExpectedValues } from '../../server/src/model/expectedValues';
import type { DataPoint } from '../../server/src/model/policy';
import { SEEDS_DIR, seedFiles } from './seedSamples';

export interface PostureSample {
  /** "file:line" of the expectedValues field, for messages. */
  readonly where: string;
  readonly status: PostureStatus;
  readonly expectedValues: string;
  readonly currentValues: string[] | null;
  /** Best effort: the controlId as written (may be a placeholder). */
  readonly controlId: string;
}

/** Reads a JSON string literal starting at the opening quote; returns the value and the index after it. */
export function readSeedString(text: string, quoteAt: number): { value: string; end: number } {
  let raw = '';
  let i = quoteAt + 1;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      raw += c + text[i + 1];
      i++;
    } else if (c === '"') break;
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      const before = raw[raw.length - 1];
      const after = text[i + 1];
      raw += before === '-' && after === '-' ? '' : ' ';
    } else if (c === '\t') raw += '\\t';
    else raw += c;
  }
  return { value: JSON.parse(`"${raw}"`) as string, end: i + 1 };
}

function readStringArray(text: string, from: number): string[] | null {
  const m = /^\s*(null|\[)/.exec(text.slice(from));
  if (!m || m[1] === 'null') return null;
  const values: string[] = [];
  let i = from + m[0].length;
  for (;;) {
    while (/[\s,]/.test(text[i])) i++;
    if (text[i] === ']') return values;
    if (text[i] !== '"') throw new Error(`unexpected '${text[i]}' in currentValues at ${i}`);
    const s = readSeedString(text, i);
    values.push(s.value);
    i = s.end;
  }
}

const lineOf = (text: string, index: number): number => text.slice(0, index).split('\n').length;

/**
 * The posture records with evidence in one seed file. The whole file is scanned, not just
 * the blocks seedSamples.ts cuts out: some posture samples never close their brackets.
 */
export function readPostureSamples(file: string): PostureSample[] {
  const text = readFileSync(path.join(SEEDS_DIR, file), 'utf8');
  const samples: PostureSample[] = [];
  const field = /"expectedValues"\s*:\s*"/g;
  let previousEnd = 0;
  for (let m = field.exec(text); m; m = field.exec(text)) {
    const quoteAt = m.index + m[0].length - 1;
    const expected = readSeedString(text, quoteAt);
    const cvField = /"currentValues"\s*:/.exec(text.slice(expected.end));
    if (!cvField) continue;
    const currentValues = readStringArray(text, expected.end + cvField.index + cvField[0].length);
    // The record's own status comes before its evidence and after the previous record's.
    const head = text.slice(previousEnd, m.index);
    const statuses = [...head.matchAll(/"status"\s*:\s*"(Passed|Failed|Error)"/g)];
    const controls = [...head.matchAll(/"controlId"\s*:\s*([^,\n]+)/g)];
    previousEnd = expected.end;
    if (statuses.length === 0) continue;
    samples.push({
      where: `${file}:${lineOf(text, m.index)}`,
      status: statuses[statuses.length - 1][1] as PostureStatus,
      expectedValues: expected.value,
      currentValues,
      controlId: controls.length ? controls[controls.length - 1][1].replace(/"/g, '').trim() : '?',
    });
  }
  return samples;
}

export function allPostureSamples(): PostureSample[] {
  return seedFiles().flatMap(readPostureSamples);
}

/**
 * The data point a sample was evaluated with, rebuilt from its expectedValues. The evidence
 * hides some of it, so three choices are ours (and documented in the seed test):
 * - fixed values get made-up distinct numbers (evidence shows only their descriptions), all
 *   `set: "1"` (evidence lists only the compliant ones);
 * - `xre`/`xeq` phrases do not spell the cardinality out: `matches` is assumed (the
 *   library seed's xre data points use it);
 * - an option list ("Disabled (0)") becomes `in`; only fixed values and no operator becomes
 *   `xeq` with cardinality `empty` ("Set status to PASS if no data found").
 */

export function dataPointFromExpectedValues(expectedValues: string): DataPoint {
  const parsed = parseExpectedValues(expectedValues);
  const fv = parsed.fixedValues.map((description, i) => ({ value: String(900000000000001 + i), set: '1', description }));
  const op = parsed.operator;
  if (op) {
    const cd = op.cd ?? (op.op === 'xre' || op.op === 'xeq' ? 'matches' : undefined);
    return { k: 'seed.sample', op: op.op, ...(cd ? { cd } : {}), v: [...op.values], fv };
  }
  if (parsed.options.length) return { k: 'seed.sample', op: 'in', v: parsed.options.map((o) => o.value), fv };
  return { k: 'seed.sample', op: 'xeq', cd: 'empty', v: [], fv };
}
