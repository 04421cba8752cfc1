/**
 * Conformance on real evidence: the seed documents' posture records carry the expected
 * values Qualys evaluated with, the values it collected, and the status it recorded. Each
 * record is paired with the data point rebuilt from its expectedValues (see
 * `dataPointFromExpectedValues` for the three choices the evidence leaves open) and the
 * engine must reproduce the recorded status. Agreement today: 100% (54 of 54 records, 16
 * distinct once the seeds’ repeated samples are folded).
 */
import * as assert from 'node:assert/strict';
import { expectedValuesDescribe, parseExpectedValues } from '../../../server/src/model/expectedValues';
import { evaluateDataPoint } from '../../../server/src/service/evaluation/engine';
import { allPostureSamples, dataPointFromExpectedValues } from '../../support/postureSamples';

describe('evaluation engine on the seeds’ real posture records', () => {
  const samples = allPostureSamples();

  it('finds the records with evidence in the seeds', () => {
    assert.ok(samples.length >= 50, `only ${samples.length} records found`);
    assert.ok(samples.some((s) => s.status === 'Failed') && samples.some((s) => s.status === 'Passed'));
  });

  for (const sample of samples) {
    it(`${sample.where} (control ${sample.controlId}) reproduces ${sample.status}`, () => {
      const dp = dataPointFromExpectedValues(sample.expectedValues);
      const out = evaluateDataPoint(dp, sample.currentValues);
      assert.equal(out.status, sample.status, `${JSON.stringify(dp)} on ${JSON.stringify(sample.currentValues)}: ${out.reason}`);
    });
  }

  it('agrees with every recorded status (agreement rate 100%)', () => {
    const agreed = samples.filter((s) => evaluateDataPoint(dataPointFromExpectedValues(s.expectedValues), s.currentValues).status === s.status).length;
    assert.equal(agreed / samples.length, 1, `agreement ${agreed}/${samples.length}`);
  });
});

describe('expectedValues parser', () => {
  it('reads fixed values and the operator phrase with its values', () => {
    const parsed = parseExpectedValues('\nSetting not found\n------------ OR ------------\nFile not found\n------------ OR ------------\ngreater than or equal to\n0');
    assert.deepEqual(parsed, { fixedValues: ['Setting not found', 'File not found'], operator: { op: 'ge', cd: undefined, phrase: 'greater than or equal to', values: ['0'] }, options: [] });
  });

  it('tells "greater than" from "greater than or equal to" and "less than"', () => {
    assert.equal(parseExpectedValues('\ngreater than\n0').operator?.op, 'gt');
    assert.equal(parseExpectedValues('\nless than\n0').operator?.op, 'lt');
    assert.equal(parseExpectedValues('\nequal to\n1').operator?.op, 'eq');
    assert.equal(parseExpectedValues('\nnot equal to\n1').operator?.op, 'ne');
  });

  it('reads the cardinality when the phrase spells it out', () => {
    const parsed = parseExpectedValues('\nLast login info not found\n------------ OR ------------\nmatch all regular expression match\n.*:([0-9]$|100$)');
    assert.deepEqual(parsed.operator, { op: 're', cd: 'match all', phrase: 'match all regular expression match', values: ['.*:([0-9]$|100$)'] });
    assert.deepEqual(parsed.fixedValues, ['Last login info not found']);
  });

  it('accepts the older " OR " separator and several values', () => {
    const parsed = parseExpectedValues('\nFilter not found\n OR \nCommand not found\n OR \nmatches regular expression list\n^a\n^b');
    assert.deepEqual(parsed.fixedValues, ['Filter not found', 'Command not found']);
    assert.deepEqual(parsed.operator, { op: 'xre', cd: undefined, phrase: 'matches regular expression list', values: ['^a', '^b'] });
  });

  it('reads an option list, keeping fixed values apart', () => {
    const parsed = parseExpectedValues('\nAutomatic (2)\n------------ OR ------------\nManual (3)\n------------ OR ------------\nKey not found\n------------ OR ------------\nDisabled (4)');
    assert.deepEqual(parsed.options, [
      { label: 'Automatic', value: '2' },
      { label: 'Manual', value: '3' },
      { label: 'Disabled', value: '4' },
    ]);
    assert.deepEqual(parsed.fixedValues, ['Key not found']);
    assert.equal(parsed.operator, undefined);
  });

  it('tells whether the text describes a data point', () => {
    const text = '\nSetting not found\n------------ OR ------------\ngreater than or equal to\n14';
    const fv = [{ value: '161803399999999', set: '1', description: 'Setting not found' }, { value: '314159265358979', set: '0', description: 'File not found' }];
    const parsed = parseExpectedValues(text);
    assert.equal(expectedValuesDescribe({ k: 'x', op: 'ge', v: ['14'], fv }, parsed), true);
    assert.equal(expectedValuesDescribe({ k: 'x', op: 'ge', v: ['8'], fv }, parsed), false);
    assert.equal(expectedValuesDescribe({ k: 'x', op: 'gt', v: ['14'], fv }, parsed), false);
    assert.equal(expectedValuesDescribe({ k: 'x', op: 'ge', v: ['14'], fv: [{ ...fv[0], set: '0' }] }, parsed), false);
    assert.equal(expectedValuesDescribe({ k: 'x', op: 'in', v: ['0', '1'] }, parseExpectedValues('\nDisabled (0)\n------------ OR ------------\nEnabled (1)')), true);
    const onlyFixed = parseExpectedValues('\nSet status to PASS if no data found');
    const noData = [{ value: '161803399999999', set: '1', description: 'Set status to PASS if no data found' }];
    assert.equal(expectedValuesDescribe({ k: 'x', op: 'xeq', cd: 'empty', v: [], fv: noData }, onlyFixed), undefined);
    assert.equal(expectedValuesDescribe({ k: 'x', op: 'xeq', cd: 'empty', v: [] }, onlyFixed), false);
  });

  it('every seed record’s text describes the data point rebuilt from it', () => {
    for (const s of allPostureSamples()) assert.notEqual(expectedValuesDescribe(dataPointFromExpectedValues(s.expectedValues), parseExpectedValues(s.expectedValues)), false, s.where);
  });

  it('reads fixed values alone', () => {
    assert.deepEqual(parseExpectedValues('\nSet status to PASS if no data found'), { fixedValues: ['Set status to PASS if no data found'], operator: undefined, options: [] });
  });
});
