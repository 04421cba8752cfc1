import { strict as assert } from 'node:assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../../../server/src/service/languageService';
import { codesOf, controlWith, findProblems, only, policyWith, underlined, VALID_DP } from '../../support/policyText';

const text = (p: unknown) => JSON.stringify(p, null, 2);
const ctl = (controlId: number, controlNumber: number, overrides: Record<string, unknown> = {}) => controlWith(VALID_DP, { controlId, controlNumber, ...overrides });

describe('validation: policy structure', () => {
  it('a well-formed policy with several sections is clean', () => {
    const p = policyWith([ctl(1, 1), ctl(2, 2)]);
    (p.sections as unknown[]).push({ sectionNumber: 2, sectionHeading: 'Two', controls: [ctl(3, 1, { sectionNumber: 2 })] });
    assert.deepEqual(codesOf(text(p)), []);
  });

  it('a controlId may appear only once', () => {
    const t = text(policyWith([ctl(7, 1), ctl(7, 2)]));
    const f = only(t, 'duplicate-control');
    assert.equal(f.offset, t.lastIndexOf('7,'));
  });

  it("a control's sectionNumber must equal its section's", () => {
    const t = text(policyWith([ctl(1, 1, { sectionNumber: 3 })]));
    const f = only(t, 'section-number-mismatch');
    assert.equal(underlined(t, f), '3');
    assert.deepEqual(f.data?.replacements, ['1']);
  });

  it('section numbers are unique', () => {
    const p = policyWith([ctl(1, 1)]);
    (p.sections as unknown[]).push({ sectionNumber: 1, sectionHeading: 'Again' });
    assert.deepEqual(codesOf(text(p)), ['duplicate-section-number']);
  });

  it('control numbers are unique within a section', () => {
    const t = text(policyWith([ctl(1, 1), ctl(2, 1)]));
    const f = only(t, 'control-number-sequence');
    assert.equal(f.severity, 'error');
  });

  it('control numbers run in sequence (one warning per section)', () => {
    const t = text(policyWith([ctl(1, 1), ctl(2, 3), ctl(3, 4)]));
    const f = only(t, 'control-number-sequence');
    assert.equal(f.severity, 'warning');
  });

  it("control technologies must be among the policy's technologies", () => {
    const c = ctl(1, 1);
    (c.technologies as Record<string, unknown>[])[0].technologyId = 99;
    (c.technologies as Record<string, unknown>[])[0].technologyName = 'Other';
    const t = text(policyWith([c]));
    const f = only(t, 'technology-not-in-policy');
    assert.equal(underlined(t, f), '99');
  });

  it('a technologyName must match its id within the file', () => {
    const c = ctl(1, 1);
    (c.technologies as Record<string, unknown>[])[0].technologyName = 'Windows Vistaa';
    const t = text(policyWith([c]));
    const f = only(t, 'technology-name-mismatch');
    assert.equal(underlined(t, f), '"Windows Vistaa"');
    assert.deepEqual(f.data?.replacements, ['"Windows Vista"']);
  });

  it('a locked policy gets an information diagnostic', () => {
    const t = text(policyWith([], { isLocked: true }));
    const f = only(t, 'policy-locked');
    assert.equal(f.severity, 'info');
    assert.match(f.message, /push will be refused until it is unlocked/);
    assert.deepEqual(codesOf(text(policyWith([], { isLocked: false }))), []);
  });

  it('results are the same when validated again after an edit (per-control cache)', () => {
    const service = createLanguageService();
    const original = text(policyWith([ctl(1, 1), ctl(1, 2)]));
    const d1 = TextDocument.create('file:///c.json', 'qualys-policy', 1, original);
    const before = service.findProblems(d1, service.parse(d1)).map((f) => f.code);
    // Insert text before the controls: cached findings must move with their controls.
    const edited = original.replace('"Documentation_Policy"', '"Documentation_Policy_renamed"');
    const d2 = TextDocument.create('file:///c.json', 'qualys-policy', 2, edited);
    const after = service.findProblems(d2, service.parse(d2));
    assert.deepEqual(after.map((f) => f.code), before);
    assert.deepEqual(after, findProblems(edited));
  });
});
