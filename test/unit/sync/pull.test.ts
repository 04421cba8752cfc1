import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { basePathFor, readBase } from '../../../client/src/sync/baseStore';
import { policyFileName, policyIdFromFileName, slugify } from '../../../client/src/sync/policyFile';
import { policyFileIn, pullToFile } from '../../../client/src/sync/pull';
import { BASE } from './fixture';

describe('pull', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'qp-pull-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const never = async () => assert.fail('must not ask');

  it('names files <slug-of-title>.<policyId>.policy.json', () => {
    assert.equal(policyFileName({ policyId: 7, policyTitle: 'CIS Benchmark for Red Hat 8, v3.0.0 [Level 1]' }), 'cis-benchmark-for-red-hat-8-v3-0-0-level-1.7.policy.json');
    assert.equal(slugify('  ***  '), 'policy');
    assert.equal(slugify('Éléphant Ünïcode'), 'elephant-unicode');
    assert.ok(slugify('x'.repeat(200)).length <= 80);
    assert.equal(policyIdFromFileName('a-b.5656121.policy.json'), 5656121);
    assert.equal(policyIdFromFileName('plain.json'), undefined);
  });

  it('writes the export in its own key order with two-space indentation, and records the base', async () => {
    const file = path.join(dir, policyFileName(BASE));
    const r = await pullToFile({ policy: BASE, file, recordBase: true, confirmOverwrite: never });
    assert.equal(r.status, 'created');
    assert.equal(readFileSync(file, 'utf8'), `${JSON.stringify(BASE, null, 2)}\n`);
    assert.deepEqual(await readBase(file, BASE.policyId), BASE);
    assert.equal(path.dirname(basePathFor(file, BASE.policyId)), path.join(dir, '.qualys', 'base'));
    assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith('.tmp')), [], 'no temp file left behind');
  });

  it('reports unchanged when only the export time differs, and replaces an unedited file silently', async () => {
    const file = path.join(dir, 'p.policy.json');
    await pullToFile({ policy: BASE, file, recordBase: true, confirmOverwrite: never });
    const same = await pullToFile({ policy: { ...BASE, exported: '01-01-2031 00:00:00' }, file, recordBase: true, confirmOverwrite: never });
    assert.equal(same.status, 'unchanged');
    const newer = await pullToFile({ policy: { ...BASE, coverPage: 'new' }, file, recordBase: true, confirmOverwrite: never });
    assert.equal(newer.status, 'updated');
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).coverPage, 'new');
  });

  it('asks before overwriting local edits, and keeps them when told to', async () => {
    const file = path.join(dir, 'p.policy.json');
    await pullToFile({ policy: BASE, file, recordBase: true, confirmOverwrite: never });
    const edited = JSON.stringify({ ...BASE, coverPage: 'mine' }, null, 2);
    writeFileSync(file, edited);
    let asked = '';
    const kept = await pullToFile({
      policy: { ...BASE, coverPage: 'theirs' },
      file,
      recordBase: true,
      confirmOverwrite: async (_f, reason) => {
        asked = reason;
        return false;
      },
    });
    assert.equal(kept.status, 'kept');
    assert.match(asked, /local edits/);
    assert.equal(readFileSync(file, 'utf8'), edited);
    assert.equal((await readBase(file, BASE.policyId))!.coverPage, BASE.coverPage, 'the base is not moved either');
  });

  it('finds the file already holding a policy even after its title changed', async () => {
    writeFileSync(path.join(dir, `old-title.${BASE.policyId}.policy.json`), '{}');
    assert.equal(await policyFileIn(dir, { ...BASE, policyTitle: 'New title' }), path.join(dir, `old-title.${BASE.policyId}.policy.json`));
    assert.equal(await policyFileIn(path.join(dir, 'missing'), BASE), path.join(dir, 'missing', policyFileName(BASE)));
  });
});
