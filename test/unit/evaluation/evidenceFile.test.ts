import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readEvidenceFile } from '../../../server/src/evidenceFile';
import { EvidenceIndexBuilder } from '../../../server/src/service/evaluation/evidence';

const a = { controlId: 1, technologyId: 2, hostId: 3, status: 'Passed', evidence: { currentValues: ['x'] } };
const b = { controlId: 1, technologyId: 2, hostId: 4, status: 'Failed', evidence: { currentValues: ['y'] } };

describe('evidence file reader', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'qp-evidence-file-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function read(text: string): Promise<{ hosts: string[]; warnings: string[]; records: number }> {
    const file = path.join(dir, 'e.json');
    writeFileSync(file, text);
    const builder = new EvidenceIndexBuilder();
    const { records, warnings } = await readEvidenceFile(file, builder);
    const hosts = [...(builder.build().byControl.get(1)?.get(2) ?? [])].map((p) => p.hostId);
    return { hosts, warnings, records };
  }

  it('streams the one-record-per-line form the evidence cache writes', async () => {
    assert.deepEqual(await read(`[\n${JSON.stringify(a)},\n${JSON.stringify(b)}\n]\n`), { hosts: ['3', '4'], warnings: [], records: 2 });
  });

  it('falls back to a whole-file read without counting records twice when lines stop being records', async () => {
    const text = `[\n${JSON.stringify(a)},\n${JSON.stringify(b, null, 2)}\n]`;
    assert.deepEqual((await read(text)).hosts, ['3', '4']);
  });

  it('reads exports with raw line breaks in strings and trailing commas, and says so', async () => {
    const text = `[\n  {"controlId": 1, "technologyId": 2, "hostId": 3, "status": "Passed", "evidence": {"currentValues": ["line one\nline two"]}},\n]`;
    const { hosts, warnings } = await read(text);
    assert.deepEqual(hosts, ['3']);
    assert.match(warnings[0]!, /not strict JSON \(.*raw line breaks inside strings.*\); it was read leniently/);
    assert.match(warnings[0]!, /trailing commas/);
  });

  it('refuses what is not JSON, naming the line', async () => {
    await assert.rejects(read('[\n  {"controlId": 1,\n  "hostId" 3}\n]'), /is not valid JSON: ColonExpected at line 3/);
  });

  it('refuses a JSON object, an empty file and a directory with a message', async () => {
    await assert.rejects(read('{"policyId": 1}'), /must hold a JSON array of posture records/);
    await assert.rejects(read(''), /holds no JSON value/);
    await assert.rejects(readEvidenceFile(dir, new EvidenceIndexBuilder()), /is not a file/);
  });

  it('accepts an empty array', async () => {
    assert.deepEqual(await read('[]'), { hosts: [], warnings: [], records: 0 });
  });
});
