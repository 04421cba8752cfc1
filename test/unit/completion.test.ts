import * as assert from 'node:assert/strict';
import type { CompletionItem, MarkupContent, TextEdit } from 'vscode-languageserver-types';
import { CARDINALITIES, CRITICALITY_NAMES, FIXED_VALUE_SENTINELS, getOperator, OPERATORS } from '../../server/src/model/catalog';
import { doComplete } from '../../server/src/service/completion';
import { escapeMarkdown } from '../../server/src/service/markdown';
import { applyCompletion, cursorDocument, expandSnippet, serviceContext } from './support/cursorDocument';

const LIBRARY = [
  { technologyId: 18, technologyName: 'Windows Vista (library spelling)' },
  { technologyId: 99, technologyName: 'Library OS 1.x' },
];

function complete(text: string, library = LIBRARY) {
  const doc = cursorDocument(text);
  const list = doComplete(doc.document, doc.parsed, doc.position, serviceContext(library));
  const labels = list.items.map((i) => i.label);
  const item = (label: string): CompletionItem => {
    const found = list.items.find((i) => i.label === label);
    assert.ok(found, `no completion "${label}" among ${JSON.stringify(labels)}`);
    return found;
  };
  /** Document text after accepting `label`, snippets expanded to their defaults. */
  const accept = (label: string): string => expandSnippet(applyCompletion(doc.document, item(label)));
  const edit = (label: string): TextEdit => item(label).textEdit as TextEdit;
  return { doc, list, labels, item, accept, edit };
}

/** A policy with one control technology; `DP` is replaced by the data point's content. */
function inDataPoint(dpContent: string): string {
  return `{
  "policyId": 1, "policyTitle": "T",
  "technologies": [{ "technologyId": 18, "technologyName": "Windows Vista" }, { "technologyId": 45, "technologyName": "RHEL 6.x" }],
  "sections": [{ "sectionNumber": 1, "sectionHeading": "S", "controls": [{
    "controlId": 1072, "sectionNumber": 1, "controlNumber": 1, "statement": "St", "criticality": "CRITICAL",
    "technologies": [{ "technologyId": 18, "technologyName": "Windows Vista",
      "evaluate": { "dp": { ${dpContent} } } }]
  }]}]
}`;
}

function markdownOf(item: CompletionItem): string {
  return (item.documentation as MarkupContent).value;
}

describe('completion', () => {
  describe('property names from the schema', () => {
    it('offers policy-level properties that are not present yet, required ones first', () => {
      const c = complete('{ "policyId": 1, | }');
      assert.deepEqual([...c.labels].sort(), ['coverPage', 'exported', 'isActive', 'isLocked', 'policyTitle', 'sections', 'technologies']);
      assert.ok(c.item('policyTitle').sortText! < c.item('coverPage').sortText!, 'required policyTitle sorts first');
      assert.equal(c.accept('policyTitle'), '{ "policyId": 1, "policyTitle": "" }');
      assert.equal(c.accept('isLocked'), '{ "policyId": 1, "isLocked": true }');
      assert.equal(c.accept('sections'), '{ "policyId": 1, "sections": [] }');
    });

    it('offers section, control, technology, control technology, evaluate, dp and fv properties', () => {
      assert.deepEqual(complete('{ "sections": [{ "sectionNumber": 1, | }] }').labels.sort(), ['controls', 'sectionHeading']);
      assert.deepEqual(complete('{ "technologies": [{ | }] }').labels.sort(), ['technologyId', 'technologyName']);
      const control = complete('{ "sections": [{ "controls": [{ "controlId": 5, "statement": "x", | }] }] }').labels.sort();
      assert.deepEqual(control, ['controlNumber', 'criticality', 'isControlDisable', 'referenceText', 'sectionNumber', 'technologies']);
      const ct = complete('{ "sections": [{ "controls": [{ "technologies": [{ "technologyId": 1, | }] }] }] }').labels;
      for (const p of ['technologyName', 'evaluate', 'remediation', 'rationale', 'rational', 'controlDefinitionUpdateAvailable']) assert.ok(ct.includes(p), p);
      assert.deepEqual(complete(inDataPoint('"k": "a", "op": "eq", |')).labels.sort(), ['cd', 'description', 'fv', 'l', 'v']);
      assert.deepEqual(complete(inDataPoint('"fv": [{ "value": "1", | }]')).labels.sort(), ['description', 'set']);
    });

    it('does not offer the legacy `rational` next to `rationale` (or the reverse)', () => {
      const withRationale = complete('{ "sections": [{ "controls": [{ "technologies": [{ "rationale": "r", | }] }] }] }').labels;
      assert.ok(!withRationale.includes('rational') && !withRationale.includes('rationale'));
      const withRational = complete('{ "sections": [{ "controls": [{ "technologies": [{ "rational": "r", | }] }] }] }').labels;
      assert.ok(!withRational.includes('rationale'));
    });

    it('replaces only the key, quotes included, when typing inside a key that already has a value', () => {
      const c = complete(inDataPoint('"k": "a", "o|": "eq"'));
      const e = c.edit('op');
      assert.equal(e.newText, '"op"');
      assert.equal(c.item('op').filterText, '"op"');
      assert.ok(c.accept('op').includes('"k": "a", "op": "eq"'));
      assert.ok(!c.labels.includes('k'), 'existing key k is not offered');
    });

    it('adds a leading comma after a complete value and a trailing comma before another property', () => {
      assert.equal(complete('{ "policyId": 1 | }').accept('policyTitle'), '{ "policyId": 1 ,"policyTitle": "" }');
      assert.equal(complete('{ | "policyId": 1 }').accept('policyTitle'), '{ "policyTitle": "", "policyId": 1 }');
      assert.equal(complete('{ "a": { "b": 1 } | }').accept('policyTitle'), '{ "a": { "b": 1 } ,"policyTitle": "" }');
    });

    it('re-triggers suggest after keys whose values have completions', () => {
      const c = complete(inDataPoint('"k": "a", |'));
      assert.equal(c.item('op').command?.command, 'editor.action.triggerSuggest');
      assert.equal(c.item('l').command, undefined);
    });

    it('inserts a complete dp block for `dp` and an evaluate block for `evaluate`', () => {
      const dp = JSON.parse(complete('{ "sections": [{ "controls": [{ "technologies": [{ "evaluate": { | } }] }] }] }').accept('dp'));
      assert.deepEqual(dp.sections[0].controls[0].technologies[0].evaluate, { dp: { k: '', v: [''], description: '', op: 'eq' } });
      const ev = JSON.parse(complete('{ "sections": [{ "controls": [{ "technologies": [{ "technologyId": 1, | }] }] }] }').accept('evaluate'));
      assert.deepEqual(ev.sections[0].controls[0].technologies[0].evaluate, { dp: { k: '', v: [''], description: '', op: 'eq' } });
    });
  });

  describe('op values', () => {
    it('lists every catalog operator with its meaning', () => {
      const c = complete(inDataPoint('"k": "a", "op": "|"'));
      assert.deepEqual(c.labels, OPERATORS.map((o) => o.name));
      for (const op of OPERATORS) assert.ok(markdownOf(c.item(op.name)).includes(escapeMarkdown(op.meaning)), op.name);
      assert.match(c.item('lt').detail!, /less than/);
    });

    it('replaces the whole string, quotes included, when the cursor is inside quotes', () => {
      const c = complete(inDataPoint('"k": "a", "op": "x|e"'));
      const e = c.edit('xeq');
      assert.equal(e.newText, '"xeq"');
      const text = c.doc.document.getText();
      assert.equal(text.slice(c.doc.document.offsetAt(e.range.start), c.doc.document.offsetAt(e.range.end)), '"xe"');
      assert.equal(c.item('xeq').filterText, '"xeq"');
      assert.ok(c.accept('xeq').includes('"op": "xeq"'));
    });

    it('inserts a quoted value after the colon, or over a bare word, outside quotes', () => {
      assert.ok(complete(inDataPoint('"k": "a", "op": |')).accept('re').includes('"op": "re"'));
      const bare = complete(inDataPoint('"k": "a", "op": ra|'));
      assert.ok(bare.accept('range').includes('"op": "range" }'));
      assert.equal(bare.item('range').filterText, undefined);
      assert.ok(complete(inDataPoint('"op": "|"\n "k": "a"')).accept('in').includes('"op": "in",\n "k": "a"'), 'comma added before next property');
      assert.ok(complete(inDataPoint('"op": "|",\n "k": "a"')).accept('in').includes('"op": "in",\n "k": "a"'), 'no second comma');
    });
  });

  describe('cd values', () => {
    it('offers only the cardinalities valid for the sibling op', () => {
      for (const op of ['re', 'xre', 'xeq']) {
        const c = complete(inDataPoint(`"op": "${op}", "cd": "|"`));
        assert.deepEqual([...c.labels].sort(), [...getOperator(op)!.cardinalities].sort(), op);
      }
      const re = complete(inDataPoint('"op": "re", "cd": "|"'));
      assert.ok(!re.labels.includes('contains') && re.labels.includes('match any'));
      assert.deepEqual(complete(inDataPoint('"op": "eq", "cd": "|"')).labels, [], 'eq takes no cardinality');
      assert.ok(markdownOf(re.item('match all')).includes(escapeMarkdown(CARDINALITIES.find((c) => c.name === 'match all')!.meaning)));
    });

    it('marks aliases and offers every cardinality while op is unknown', () => {
      const c = complete(inDataPoint('"cd": "|"'));
      assert.deepEqual(c.labels, CARDINALITIES.map((cd) => cd.name));
      assert.match(c.item('contains').detail!, /same as "contain"/);
      // cd written before op: the op later in the object still filters.
      assert.deepEqual([...complete(inDataPoint('"cd": "|", "op": "re"')).labels].sort(), [...getOperator('re')!.cardinalities].sort());
    });
  });

  it('offers criticality values from the catalog, highest first', () => {
    const c = complete('{ "sections": [{ "controls": [{ "controlId": 1, "criticality": "|" }] }] }');
    assert.deepEqual([...c.labels].sort(), [...CRITICALITY_NAMES].sort());
    const sorted = [...c.list.items].sort((a, b) => a.sortText!.localeCompare(b.sortText!)).map((i) => i.label);
    assert.equal(sorted[0], 'URGENT');
    assert.match(c.item('UNDEFINE').detail!, /same as UNDEFINED/);
  });

  describe('technologies', () => {
    const policy = (inner: string): string =>
      `{ "technologies": [{ "technologyId": 18, "technologyName": "Windows Vista" }, { "technologyId": 45, "technologyName": "RHEL 6.x" }],
         "sections": [{ "sectionNumber": 1, "controls": [{ "controlNumber": 1, "technologies": [${inner}] }] }] }`;

    it('offers technology ids from the file first, then the library', () => {
      const c = complete(policy('{ "technologyId": | }'));
      assert.deepEqual([...c.labels].sort(), ['18', '45', '99']);
      assert.equal(c.item('18').detail, 'Windows Vista (declared in this policy)', 'the file spelling wins over the library one');
      assert.ok(c.item('45').sortText! < c.item('99').sortText!);
      assert.equal(c.edit('45').newText, '45');
      assert.ok(c.accept('45').includes('"technologyId": 45 }'));
      // Inside a number: the number is replaced.
      assert.ok(complete(policy('{ "technologyId": 4|5 }')).accept('18').includes('"technologyId": 18 }'));
    });

    it('offers technology names, only the matching one once the id is written', () => {
      assert.deepEqual([...complete(policy('{ "technologyName": "|" }')).labels].sort(), ['Library OS 1.x', 'RHEL 6.x', 'Windows Vista']);
      const c = complete(policy('{ "technologyId": 45, "technologyName": "|" }'));
      assert.deepEqual(c.labels, ['RHEL 6.x']);
      assert.ok(c.accept('RHEL 6.x').includes('"technologyName": "RHEL 6.x"'));
    });

    it('offers library technologies in the policy-level list', () => {
      const c = complete('{ "technologies": [{ "technologyId": | }] }');
      assert.deepEqual([...c.labels].sort(), ['18', '99']);
      assert.equal(complete('{ "technologies": [{ "technologyId": | }] }', []).labels.length, 0);
    });

    it('snippets: a technology entry per known technology not yet listed', () => {
      const top = complete('{ "technologies": [{ "technologyId": 99, "technologyName": "Library OS 1.x" }, |] }');
      assert.deepEqual(top.labels, ['Windows Vista (library spelling) (18)', 'New technology entry']);
      assert.deepEqual(JSON.parse(top.accept('Windows Vista (library spelling) (18)')).technologies[1], { technologyId: 18, technologyName: 'Windows Vista (library spelling)' });

      const inControl = complete(policy('{ "technologyId": 18, "technologyName": "Windows Vista" }, |'));
      assert.deepEqual(inControl.labels, ['RHEL 6.x (45)', 'Library OS 1.x (99)', 'New technology entry']);
      const added = JSON.parse(inControl.accept('RHEL 6.x (45)')).sections[0].controls[0].technologies[1];
      assert.deepEqual(added, { technologyId: 45, technologyName: 'RHEL 6.x', evaluate: { dp: { k: '', v: [''], description: '', op: 'eq' } }, remediation: '', rationale: '' });
      const generic = JSON.parse(inControl.accept('New technology entry')).sections[0].controls[0].technologies[1];
      assert.equal(generic.technologyId, 0);
    });

    it('adds a comma when inserting an entry before another one', () => {
      const c = complete('{ "technologies": [| { "technologyId": 99, "technologyName": "L" }] }');
      assert.deepEqual(JSON.parse(c.accept('Windows Vista (library spelling) (18)')).technologies.map((t: { technologyId: number }) => t.technologyId), [18, 99]);
    });
  });

  describe('fixed values', () => {
    it('offers the sentinels with their descriptions', () => {
      const c = complete(inDataPoint('"fv": [{ "value": "|", "set": "1" }]'));
      assert.deepEqual(c.labels, FIXED_VALUE_SENTINELS.map((s) => s.value));
      assert.match(c.item('161803399999999').detail!, /Setting not found/);
      assert.ok(markdownOf(c.item('314159265358979')).includes('File not found'));
      assert.ok(c.accept('314159265358979').includes('"value": "314159265358979"'));
    });

    it('offers set "0" and "1" with their meaning', () => {
      const c = complete(inDataPoint('"fv": [{ "value": "161803399999999", "set": | }]'));
      assert.deepEqual(c.labels, ['0', '1']);
      assert.match(c.item('1').detail!, /counts as compliant/);
      assert.ok(c.accept('0').includes('"set": "0" }'));
    });

    it('snippets: a fixed-value entry per sentinel not yet listed', () => {
      const c = complete(inDataPoint('"fv": [{ "value": "161803399999999", "set": "1" }, |]'));
      assert.deepEqual(c.labels, ['314159265358979 (File not found)']);
      const fv = JSON.parse(c.accept('314159265358979 (File not found)')).sections[0].controls[0].technologies[0].evaluate.dp.fv;
      assert.deepEqual(fv[1], { value: '314159265358979', set: '0', description: 'File not found' });
    });
  });

  describe('snippets', () => {
    it('a new control gets the next controlNumber and the section number', () => {
      const text = '{ "sections": [{ "sectionNumber": 3, "sectionHeading": "S", "controls": [{ "controlId": 1, "sectionNumber": 3, "controlNumber": 1 }, { "controlId": 2, "sectionNumber": 3, "controlNumber": 2 }, |] }] }';
      const c = complete(text);
      assert.deepEqual(c.labels, ['New control']);
      assert.equal(c.item('New control').detail, 'Control 3.3');
      const control = JSON.parse(c.accept('New control')).sections[0].controls[2];
      assert.deepEqual(control, { controlId: 0, sectionNumber: 3, controlNumber: 3, statement: '', criticality: 'UNDEFINED', isControlDisable: false, referenceText: '', technologies: [] });
      assert.match(c.edit('New control').newText, /"criticality": "\$\{\d+\|UNDEFINED,MINIMAL,MEDIUM,SERIOUS,CRITICAL,URGENT\|\}"/);
    });

    it('the first control of an empty section is number 1', () => {
      const c = complete('{ "sections": [{ "sectionNumber": 2, "controls": [|] }] }');
      assert.deepEqual(JSON.parse(c.accept('New control')).sections[0].controls[0].controlNumber, 1);
    });

    it('a new section gets the next section number', () => {
      const c = complete('{ "sections": [{ "sectionNumber": 1, "sectionHeading": "A" }, |] }');
      assert.deepEqual(JSON.parse(c.accept('New section')).sections[1], { sectionNumber: 2, sectionHeading: '', controls: [] });
    });

    it('a dp block as the value of `dp` or `evaluate`', () => {
      const dp = complete('{ "sections": [{ "controls": [{ "technologies": [{ "evaluate": { "dp": | } }] }] }] }');
      assert.deepEqual(dp.labels, ['dp block']);
      assert.deepEqual(JSON.parse(dp.accept('dp block')).sections[0].controls[0].technologies[0].evaluate.dp.op, 'eq');
      assert.match(dp.edit('dp block').newText, /"op": "\$\{\d+\|eq,ne,lt,le,gt,ge,in,range,re,xre,xeq\|\}"/);
      const ev = complete('{ "sections": [{ "controls": [{ "technologies": [{ "evaluate": | }] }] }] }');
      assert.ok(JSON.parse(ev.accept('evaluate block')).sections[0].controls[0].technologies[0].evaluate.dp);
    });
  });

  it('offers schema enum/boolean values for other properties', () => {
    assert.deepEqual(complete('{ "isActive": | }').labels, ['true', 'false']);
  });

  it('returns nothing sensible to offer on an empty document or after a key with no colon', () => {
    assert.equal(complete('|').list.items.length, 0);
    assert.equal(complete('{ "policyId" | }').list.items.length, 0);
  });
});
