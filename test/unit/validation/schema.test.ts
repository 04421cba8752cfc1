import { strict as assert } from 'node:assert';
import { DEFAULT_SERVER_SETTINGS } from '../../../common/src/settings';
import { codesOf, controlWith, dpPolicy, findProblems, only, policyWith, underlined, VALID_DP } from '../../support/policyText';

const withSettings = (unknownFields: 'error' | 'warning' | 'info' | 'off') => ({
  settings: { ...DEFAULT_SERVER_SETTINGS, validation: { ...DEFAULT_SERVER_SETTINGS.validation, unknownFields } },
});

describe('validation: schema', () => {
  it('a valid export has no problems', () => {
    assert.deepEqual(findProblems(dpPolicy({})), []);
  });

  it('reports a wrong type at the value', () => {
    const text = JSON.stringify(policyWith([], { policyId: '5656121' }));
    const f = only(text, 'schema-type');
    assert.equal(underlined(text, f), '"5656121"');
    assert.match(f.message, /integer/);
  });

  it('reports a missing required property at the object key', () => {
    const control = controlWith(VALID_DP);
    delete control.controlId;
    const text = JSON.stringify(policyWith([control]));
    const f = only(text, 'schema-required');
    assert.match(f.message, /controlId/);
    assert.equal(underlined(text, f), '{');
  });

  it('reports a missing dp property at the dp key', () => {
    const text = dpPolicy({ k: undefined });
    const f = only(text, 'schema-required');
    assert.equal(underlined(text, f), '"dp"');
  });

  it('reports an unknown criticality with did-you-mean', () => {
    const text = JSON.stringify(policyWith([controlWith(VALID_DP, { criticality: 'CRITICL' })]));
    const f = only(text, 'schema-enum');
    assert.equal(underlined(text, f), '"CRITICL"');
    assert.deepEqual(f.data?.replacements, ['"CRITICAL"']);
  });

  it('accepts every criticality spelling, including UNDEFINE', () => {
    for (const c of ['CRITICAL', 'MEDIUM', 'UNDEFINED', 'UNDEFINE', 'URGENT', 'MINIMAL', 'SERIOUS']) {
      assert.deepEqual(codesOf(JSON.stringify(policyWith([controlWith(VALID_DP, { criticality: c })]))), [], c);
    }
  });

  it('accepts rational beside rationale, controlDefinitionUpdateAvailable and referenceText null', () => {
    const control = controlWith(VALID_DP, { referenceText: null });
    const tech = (control.technologies as Record<string, unknown>[])[0];
    tech.rational = 'legacy spelling';
    tech.controlDefinitionUpdateAvailable = true;
    assert.deepEqual(codesOf(JSON.stringify(policyWith([control]))), []);
  });

  it('accepts library policies with details=basic (sections without controls)', () => {
    const text = JSON.stringify({ policyId: 1, policyTitle: 'CIS', coverPage: 'c', technologies: [{ technologyId: 80, technologyName: 'CentOS 7.x' }], sections: [{ sectionNumber: 1, sectionHeading: 'Initial Setup' }] });
    assert.deepEqual(codesOf(text), []);
  });

  it('reports an unknown field as a warning at its key, with did-you-mean', () => {
    const text = JSON.stringify(policyWith([], { policyTitel: 'x' }));
    const f = only(text, 'unknown-field');
    assert.equal(f.severity, 'warning');
    assert.equal(underlined(text, f), '"policyTitel"');
    assert.deepEqual(f.data?.replacements, ['"policyTitle"']);
  });

  it('reports unknown fields inside controls and data points', () => {
    assert.deepEqual(codesOf(dpPolicy({ newField: 1 })), ['unknown-field']);
  });

  it('honours settings.validation.unknownFields', () => {
    const text = JSON.stringify(policyWith([], { extra: 1 }));
    assert.equal(only(text, 'unknown-field', withSettings('error')).severity, 'error');
    assert.equal(only(text, 'unknown-field', withSettings('info')).severity, 'info');
    assert.deepEqual(codesOf(text, withSettings('off')), []);
  });

  it('does not add a required error for a key still being typed', () => {
    const text = '{"policyId": 1, "policyTitle": }';
    assert.deepEqual(codesOf(text), ['json-syntax']);
  });

  it('validates posture files against the posture schema', () => {
    const record = { id: 1, policyId: 2, controlId: 3, technologyId: 4, hostId: 5, status: 'Passed', criticality: { label: 'URGENT_3', value: 5 }, anyNewField: true };
    assert.deepEqual(codesOf(JSON.stringify([record])), []);
    assert.deepEqual(codesOf(JSON.stringify([{ ...record, status: 'Unknown' }])), ['schema-enum']);
  });

  it('turns validation off with settings.validation.enable=false', () => {
    const settings = { ...DEFAULT_SERVER_SETTINGS, validation: { ...DEFAULT_SERVER_SETTINGS.validation, enable: false } };
    assert.deepEqual(codesOf('{,}', { settings }), []);
  });
});

describe('validation: schema on broken and clean controls alike', () => {
  it('reports a "__proto__" field as unknown, with or without syntax errors in the control', () => {
    const clean = dpPolicy({}).replace('"k":', '"__proto__": 1, "k":');
    assert.deepEqual(codesOf(clean), ['unknown-field']);
    const broken = clean.replace('"k":', '"k": ,"k2":');
    assert.ok(codesOf(broken).includes('unknown-field'));
  });
});
