/**
 * The incremental reparse must give exactly the tree a full parse gives, and validation
 * over it (with the per-control caches) exactly the findings a fresh service gives.
 * Random single edits, seeded, over a realistic policy.
 */
import { strict as assert } from 'node:assert';
import type { Node } from 'jsonc-parser';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../../server/src/service/languageService';
import { parsePolicy, type ParsedPolicy } from '../../server/src/service/parse';
import { controlWith, policyWith, VALID_DP } from '../support/policyText';

/** The tree as plain data (no parent links), to compare two parses. */
function plain(node: Node | undefined): unknown {
  if (!node) return undefined;
  return { type: node.type, offset: node.offset, length: node.length, value: node.value, colonOffset: node.colonOffset, children: node.children?.map(plain) };
}

function checkParents(node: Node): void {
  for (const c of node.children ?? []) {
    assert.equal(c.parent, node);
    checkParents(c);
  }
}

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INSERTS = ['x', '1', '"', ',', '{', '}', '[', ']', ':', ' ', '\n', 'ge', '"op": "eq", ', '\\'];

describe('incremental reparse', () => {
  const controls = Array.from({ length: 12 }, (_, i) => controlWith({ ...VALID_DP, op: ['ge', 're', 'eq'][i % 3], cd: i % 3 === 1 ? 'match any' : undefined }, { controlId: 100 + i, controlNumber: i + 1 }));
  const clean = JSON.stringify(policyWith(controls), null, 2);
  // Problems real exports keep while being edited: raw newlines in strings, NBSP indentation, a trailing comma.
  const withProblems = clean
    .replace('"Because."', '"Be\ncause."')
    .replace(/\n  "isActive"/, '\n\u00a0 "isActive"')
    .replace(/(\n\s*\]\n\s*\}\n\s*\]\n\})$/, ',$1');
  const cases: [number, string, string][] = [1, 2, 3, 4].flatMap((seed) => [[seed, 'clean', clean] as [number, string, string], [seed, 'with problems', withProblems] as [number, string, string]]);

  for (const [seed, label, original] of cases) {
    it(`matches a full parse after each of 150 random edits (${label}, seed ${seed})`, () => {
      const rnd = random(seed);
      const service = createLanguageService();
      let document = TextDocument.create('file:///inc.policy.json', 'qualys-policy', 1, original);
      let parsed: ParsedPolicy = service.parse(document);
      let incremental = 0;
      const baseProblems = parsed.syntaxErrors.length;
      for (let step = 0; step < 150; step++) {
        const text = document.getText();
        const offset = Math.floor(rnd() * text.length);
        const removeLength = rnd() < 0.5 ? Math.floor(rnd() * 4) : 0;
        const insert = rnd() < 0.7 ? INSERTS[Math.floor(rnd() * INSERTS.length)] : '';
        const change: TextDocumentContentChangeEvent = {
          range: { start: document.positionAt(offset), end: document.positionAt(offset + removeLength) },
          text: insert,
        };
        document = TextDocument.update(document, [change], document.version + 1);
        const before = parsed;
        parsed = service.parse(document, before, [change]);
        if (parsed.root === before.root && parsed.root) incremental++;
        const full = parsePolicy(document);
        assert.deepEqual(plain(parsed.root), plain(full.root), `tree differs after step ${step}`);
        assert.deepEqual(parsed.syntaxErrors, full.syntaxErrors, `errors differ after step ${step}`);
        if (parsed.root) checkParents(parsed.root);
        const fresh = createLanguageService();
        assert.deepEqual(service.findProblems(document, parsed), fresh.findProblems(document, full), `findings differ after step ${step}`);
        // Undo edits that added problems (and some others), so most edits start from the base state.
        if (full.syntaxErrors.length > baseProblems || rnd() < 0.3) {
          const undo: TextDocumentContentChangeEvent = {
            range: { start: document.positionAt(offset), end: document.positionAt(offset + insert.length) },
            text: text.slice(offset, offset + removeLength),
          };
          document = TextDocument.update(document, [undo], document.version + 1);
          parsed = service.parse(document, parsed, [undo]);
          assert.deepEqual(plain(parsed.root), plain(parsePolicy(document).root), `tree differs after undo ${step}`);
          assert.deepEqual(service.findProblems(document, parsed), createLanguageService().findProblems(document, parsePolicy(document)));
        }
      }
      assert.ok(incremental > 20, `only ${incremental} incremental reparses`);
    });
  }

  it('the document with problems keeps them (the incremental path runs with problems elsewhere)', () => {
    assert.deepEqual(
      parsePolicy(TextDocument.create('file:///p.json', 'qualys-policy', 1, withProblems)).syntaxErrors.map((e) => e.code).sort(),
      ['InvalidWhitespace', 'NewlineInString', 'TrailingComma'],
    );
  });

  it('falls back to a full parse for several changes or a whole-text change', () => {
    const original = clean;
    const service = createLanguageService();
    const d1 = TextDocument.create('file:///f.json', 'qualys-policy', 1, original);
    const p1 = service.parse(d1);
    const whole = { text: original.replace('Section-1', 'S') };
    const d2 = TextDocument.update(d1, [whole], 2);
    const p2 = service.parse(d2, p1, [whole]);
    assert.notEqual(p2.root, p1.root);
    assert.deepEqual(plain(p2.root), plain(parsePolicy(d2).root));
  });
});
