import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DIAGNOSTIC_CODES } from '../../../server/src/service/validation/codes';

describe('diagnostic codes', () => {
  it('the code registry (SARIF rule descriptions) lists exactly the codes docs/validation.md documents', () => {
    const docs = readFileSync(path.resolve(__dirname, '../../../docs/validation.md'), 'utf8');
    const documented = [...docs.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]);
    assert.ok(documented.length > 20);
    assert.deepEqual(Object.keys(DIAGNOSTIC_CODES).sort(), documented.sort());
  });
});
