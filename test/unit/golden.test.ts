/**
 * Golden tests over every JSON sample of the seed documents. Policy-shaped and posture
 * samples are validated and compared with `test/fixtures/golden/<seed>.json`; every other
 * sample must at least not crash the validator. Regenerate after a reviewed change with
 * `UPDATE_GOLDEN=1 npx mocha test/unit/golden.test.ts`.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { looksLikeExportedPolicy } from '../../server/src/model/detect';
import { createLanguageService } from '../../server/src/service/languageService';
import { allSeedSamples, type SeedSample } from '../support/seedSamples';

const GOLDEN_DIR = path.resolve(__dirname, '../fixtures/golden');
const update = process.env.UPDATE_GOLDEN === '1';

type Kind = 'policy' | 'posture' | 'other';

function kindOf(sample: SeedSample): Kind {
  if (looksLikeExportedPolicy(sample.text)) return 'policy';
  if (sample.text.includes('"hostId"') && sample.text.includes('"controlId"')) return 'posture';
  return 'other';
}

function validate(sample: SeedSample): string[] {
  const service = createLanguageService();
  const document = TextDocument.create(`file:///${sample.id}.json`, 'qualys-policy', 1, sample.text);
  return service.doValidation(document, service.parse(document)).map((d) => {
    const s = d.range.start;
    const e = d.range.end;
    const severity = ['', 'error', 'warning', 'info', 'hint'][d.severity ?? 1];
    return `${s.line + 1}:${s.character + 1}-${e.line + 1}:${e.character + 1} ${severity} ${d.code}: ${d.message}`;
  });
}

describe('golden: every JSON sample of the seeds', () => {
  const samples = allSeedSamples();
  const byFile = new Map<string, SeedSample[]>();
  for (const s of samples) byFile.set(s.file, [...(byFile.get(s.file) ?? []), s]);

  it('finds the samples (the seeds are beside the repository)', () => {
    assert.ok(samples.length >= 50, `only ${samples.length} samples`);
    assert.ok(samples.filter((s) => kindOf(s) === 'policy').length >= 8);
  });

  for (const [file, fileSamples] of byFile) {
    describe(file, () => {
      const goldenPath = path.join(GOLDEN_DIR, file.replace(/\.txt$/, '.json'));
      const actual: Record<string, { kind: Kind; diagnostics: string[] }> = {};
      for (const sample of fileSamples) {
        const kind = kindOf(sample);
        it(`${sample.id} (${kind}) validates without crashing${kind === 'other' ? '' : ' and matches the golden file'}`, () => {
          const diagnostics = validate(sample);
          if (kind === 'other') return;
          actual[sample.id] = { kind, diagnostics };
          if (update) return;
          const golden = JSON.parse(fs.readFileSync(goldenPath, 'utf8'));
          assert.deepEqual(diagnostics, golden[sample.id]?.diagnostics, `diagnostics of ${sample.id} changed`);
        });
      }
      after(() => {
        if (!update) return;
        fs.mkdirSync(GOLDEN_DIR, { recursive: true });
        const tmp = goldenPath + '.tmp';
        fs.writeFileSync(tmp, JSON.stringify(actual, null, 2) + '\n');
        fs.renameSync(tmp, goldenPath);
      });
    });
  }

  it('reports the malformed samples: raw newlines and trailing commas', () => {
    const all = samples.filter((s) => kindOf(s) === 'policy').flatMap(validate).join('\n');
    assert.match(all, /string-newline/);
    assert.match(all, /trailing-comma/);
  });

  it('the clean library policy samples are clean', () => {
    const clean = samples.filter((s) => s.file === 'library-policy-details.txt');
    for (const s of clean) assert.deepEqual(validate(s), [], s.id);
  });
});
