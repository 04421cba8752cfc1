/** The JSON Schemas are static files; these tests keep them in step with the catalog and the model. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CARDINALITIES, CRITICALITY_NAMES, FIXED_VALUE_SET_VALUES, OPERATORS, POSTURE_STATUSES } from '../../server/src/model/catalog';

const root = path.resolve(__dirname, '../..');
const load = (name: string) => JSON.parse(fs.readFileSync(path.join(root, 'schemas', name), 'utf8'));

describe('schemas', () => {
  const policy = load('policy.schema.json');
  const evaluate = load('evaluate.schema.json');
  const posture = load('posture.schema.json');

  it('criticality enum equals the catalog', () => {
    assert.deepEqual([...policy.definitions.control.properties.criticality.enum].sort(), [...CRITICALITY_NAMES].sort());
  });

  it('op and cd enums equal the catalog', () => {
    assert.deepEqual(evaluate.definitions.dataPoint.properties.op.enum, OPERATORS.map((o) => o.name));
    assert.deepEqual(evaluate.definitions.dataPoint.properties.cd.enum, CARDINALITIES.map((c) => c.name));
  });

  it('fv.set enum and posture statuses equal the catalog', () => {
    assert.deepEqual(evaluate.definitions.fixedValue.properties.set.enum, [...FIXED_VALUE_SET_VALUES]);
    assert.deepEqual(posture.properties.status.enum, [...POSTURE_STATUSES]);
  });

  it('the policy schema references the evaluate schema', () => {
    assert.equal(policy.definitions.controlTechnology.properties.evaluate.$ref, 'evaluate.schema.json');
  });

  it('every policy and evaluate property has a description (hover and completion show them)', () => {
    const missing: string[] = [];
    const walk = (schema: Record<string, any>, where: string) => {
      for (const [name, prop] of Object.entries<Record<string, any>>(schema.properties ?? {})) {
        if (!prop.$ref && !prop.description) missing.push(`${where}.${name}`);
      }
    };
    walk(policy, 'policy');
    for (const [n, d] of Object.entries<Record<string, any>>(policy.definitions)) walk(d, n);
    for (const [n, d] of Object.entries<Record<string, any>>(evaluate.definitions)) walk(d, n);
    assert.deepEqual(missing, []);
  });

  it('unknown fields are not allowed by the policy schema (reported as configurable warnings)', () => {
    assert.equal(policy.additionalProperties, false);
    for (const d of Object.values<Record<string, any>>(policy.definitions)) assert.equal(d.additionalProperties, false);
    assert.equal(posture.additionalProperties, true);
  });
});
