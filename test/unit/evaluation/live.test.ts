import { strict as assert } from 'node:assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { MarkupContent } from 'vscode-languageserver-types';
import { indexEvidence } from '../../../server/src/service/evaluation/evidence';
import { controlHosts, LiveEvaluation } from '../../../server/src/service/evaluation/live';
import { countsTitle, doEvaluationHover, evaluationResults, evaluationSummary, getEvaluationCodeLenses, HOVER_HOST_LIMIT, summaryText } from '../../../server/src/service/evaluation/liveFeatures';
import { createLanguageService } from '../../../server/src/service/languageService';
import { parsePolicy, parsePolicyIncrementally, type ParsedPolicy } from '../../../server/src/service/parse';

const URI = 'file:///p.policy.json';

/** A policy with two controls: 1071 (PASS_MIN_LEN ge 14) and 2000 (re, match all). */
const POLICY = JSON.stringify(
  {
    policyId: 5298742,
    policyTitle: 'Live',
    sections: [
      {
        sectionNumber: 1,
        sectionHeading: 'S',
        controls: [
          {
            controlId: 1071,
            sectionNumber: 1,
            controlNumber: 1,
            statement: 'Minimum password length',
            technologies: [{ technologyId: 80, technologyName: 'CentOS 7.x', evaluate: { dp: { k: 'pass.min.len', v: ['14'], l: 0, op: 'ge' } } }],
          },
          {
            controlId: 2000,
            sectionNumber: 1,
            controlNumber: 2,
            statement: 'SSH root login',
            technologies: [{ technologyId: 80, technologyName: 'CentOS 7.x', evaluate: { dp: { k: 'ssh.root', v: ['^no$'], l: 0, op: 're', cd: 'match all' } } }],
          },
        ],
      },
    ],
  },
  null,
  2,
);

function posture(hostId: number, controlId: number, values: string[] | null, status: 'Passed' | 'Failed' | 'Error', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: hostId * 10000 + controlId,
    policyId: 5298742,
    controlId,
    technologyId: 80,
    hostId,
    ip: `10.0.0.${hostId}`,
    dns: `host${hostId}.example`,
    technology: { id: 80, name: 'CentOS 7.x' },
    status,
    evidence: { currentValues: values },
    ...extra,
  };
}

const EVIDENCE = [
  posture(1, 1071, ['5'], 'Failed'),
  posture(2, 1071, ['14'], 'Passed'),
  posture(3, 1071, ['20'], 'Passed'),
  posture(1, 2000, ['no'], 'Passed'),
  posture(2, 2000, ['yes'], 'Failed'),
];

interface Doc {
  document: TextDocument;
  parsed: ParsedPolicy;
}

function open(text = POLICY): Doc {
  const document = TextDocument.create(URI, 'qualys-policy', 1, text);
  return { document, parsed: parsePolicy(document) };
}

/** Replaces the first occurrence of `from` (after `after`) with `to`, as the editor would: one incremental change. */
function edit(doc: Doc, from: string, to: string, after = ''): Doc {
  const text = doc.document.getText();
  const start = text.indexOf(from, after ? text.indexOf(after) : 0);
  assert.ok(start >= 0, `${from} not found`);
  const changes = [{ range: { start: doc.document.positionAt(start), end: doc.document.positionAt(start + from.length) }, text: to }];
  const document = TextDocument.update(doc.document, changes, doc.document.version + 1);
  return { document, parsed: parsePolicyIncrementally(document, doc.parsed, changes) };
}

describe('live evaluation', () => {
  it('counts passed, failed, error and would-change per control, reproducing recorded statuses', () => {
    const doc = open();
    const live = new LiveEvaluation(indexEvidence(EVIDENCE, { policyId: 5298742 }));
    const result = live.update(doc.document, doc.parsed);
    assert.deepEqual([...result.reevaluated], [1071, 2000]);
    assert.deepEqual(live.control(1071)?.counts, { passed: 2, failed: 1, error: 0, changed: 0 });
    assert.deepEqual(live.control(2000)?.counts, { passed: 1, failed: 1, error: 0, changed: 0 });
    assert.deepEqual(live.totals().counts, { passed: 3, failed: 2, error: 0, changed: 0 });
  });

  it('re-evaluates only the control whose value changed, and reports the flipped hosts', () => {
    let doc = open();
    const live = new LiveEvaluation(indexEvidence(EVIDENCE));
    live.update(doc.document, doc.parsed);
    const untouched = live.control(2000);

    doc = edit(doc, '"14"', '"5"', '"controlId": 1071');
    const result = live.update(doc.document, doc.parsed);
    assert.deepEqual([...result.reevaluated], [1071]);
    assert.equal(result.changed, true);
    assert.equal(live.control(2000)?.technologies, untouched?.technologies, 'control 2000 kept its results');
    assert.deepEqual(live.control(1071)?.counts, { passed: 3, failed: 0, error: 0, changed: 1 });
    assert.deepEqual(live.totals().flips, { toPassed: 1, toFailed: 0, toError: 0 });

    const changed = controlHosts(live.control(1071)!, { limit: 10, changedOnly: true });
    assert.equal(changed.length, 1);
    assert.equal(changed[0]!.posture.hostName, 'host1.example');
    assert.equal(changed[0]!.posture.recorded, 'Failed');
    assert.equal(changed[0]!.status, 'Passed');
    assert.ok(changed[0]!.reason.length > 0);
  });

  it('re-evaluates nothing when an edit leaves every evaluate block alone', () => {
    let doc = open();
    const live = new LiveEvaluation(indexEvidence(EVIDENCE));
    live.update(doc.document, doc.parsed);
    doc = edit(doc, 'SSH root login', 'SSH root login (edited)');
    const result = live.update(doc.document, doc.parsed);
    assert.deepEqual([...result.reevaluated], []);
    assert.equal(result.changed, false);
    assert.equal(live.control(2000)?.statement, 'SSH root login (edited)');
  });

  it('flips hosts to Failed when a regex is tightened, and says so in the push summary', () => {
    let doc = open();
    const live = new LiveEvaluation(indexEvidence(EVIDENCE));
    live.update(doc.document, doc.parsed);
    doc = edit(doc, '"^no$"', '"^never$"');
    live.update(doc.document, doc.parsed);
    assert.deepEqual(live.control(2000)?.counts, { passed: 0, failed: 2, error: 0, changed: 1 });
    const summary = evaluationSummary(doc.document, live, { kind: 'file', label: 'p.json' });
    assert.equal(summary.text, 'This push flips 1 host to Failed (1 control).');
    assert.equal(summary.changedControls, 1);
    assert.equal(summary.version, doc.document.version);
  });

  it('makes every posture an Error with a reason when the data point loses its operator', () => {
    let doc = open();
    const live = new LiveEvaluation(indexEvidence(EVIDENCE));
    live.update(doc.document, doc.parsed);
    doc = edit(doc, '"op": "ge"', '"opx": "ge"');
    live.update(doc.document, doc.parsed);
    const view = live.control(1071)!;
    assert.deepEqual(view.counts, { passed: 0, failed: 0, error: 3, changed: 3 });
    assert.match(controlHosts(view, { limit: 1 })[0]!.reason, /no operator/);
  });

  it('leaves out postures of technologies the control no longer has', () => {
    const doc = open();
    const other = EVIDENCE.map((r) => (r.controlId === 2000 ? { ...r, technologyId: 81, technology: { id: 81, name: 'RHEL' } } : r));
    const live = new LiveEvaluation(indexEvidence(other));
    live.update(doc.document, doc.parsed);
    assert.deepEqual(live.control(2000)?.counts, { passed: 0, failed: 0, error: 0, changed: 0 });
    assert.equal(live.control(2000)?.notEvaluated, 2);
  });

  it('drops a control that leaves the document and picks it up again', () => {
    let doc = open();
    const live = new LiveEvaluation(indexEvidence(EVIDENCE));
    live.update(doc.document, doc.parsed);
    doc = edit(doc, '"controlId": 2000', '"controlId": 2999');
    assert.equal(live.update(doc.document, doc.parsed).changed, true);
    assert.equal(live.control(2000), undefined);
    assert.deepEqual(live.controlViews.map((c) => c.controlId), [1071]);
    doc = edit(doc, '"controlId": 2999', '"controlId": 2000');
    const back = live.update(doc.document, doc.parsed);
    assert.equal(back.changed, true);
    assert.deepEqual([...back.reevaluated], [], 'its unchanged results are reused');
    assert.deepEqual(live.control(2000)?.counts, { passed: 1, failed: 1, error: 0, changed: 0 });
  });
});

describe('evidence index', () => {
  it('keeps only the evaluated policy when the file holds several, and skips unusable records', () => {
    const records = [...EVIDENCE, posture(9, 1071, ['1'], 'Failed', { policyId: 42 }), { controlId: 1071 }, 'nonsense'];
    const index = indexEvidence(records, { policyId: 5298742 });
    assert.equal(index.records, 5);
    assert.equal(index.hosts, 3);
    assert.equal(index.otherPolicyRecords, 1);
    assert.equal(index.skipped, 2);
    assert.ok(index.notes.some((n) => /technologyId, hostId/.test(n)));
    assert.ok(index.notes.some((n) => /not an object/.test(n)));
  });

  it('keeps every record when none belongs to the evaluated policy (a local copy under another id)', () => {
    assert.equal(indexEvidence(EVIDENCE, { policyId: 1 }).records, 5);
  });

  it('accepts string ids and the technology object when technologyId is missing', () => {
    const index = indexEvidence([{ controlId: '1071', hostId: '7', technology: { id: '80', name: 'CentOS' }, status: 'Error', evidence: { currentValues: [] } }]);
    const posture = index.byControl.get(1071)?.get(80)?.[0];
    assert.equal(posture?.hostId, '7');
    assert.deepEqual(posture?.values, []);
    assert.equal(posture?.hostName, '7');
  });

  it('skips records without evidence (postureInfo without evidenceRequired=1), one note per reason', () => {
    const bare = EVIDENCE.map(({ evidence: _evidence, ...r }) => r);
    const index = indexEvidence([EVIDENCE[0], ...bare, { ...EVIDENCE[1], evidence: null }]);
    assert.equal(index.records, 1);
    assert.equal(index.skipped, 6);
    assert.deepEqual(index.notes, ['6 records (the first is record 2): no evidence.currentValues (fetch postures with evidenceRequired=1)']);
  });
});

describe('live evaluation features', () => {
  it('puts a lens with the counts on every control with evidence, opening its hosts', () => {
    const doc = open();
    const live = new LiveEvaluation(indexEvidence(EVIDENCE));
    live.update(doc.document, doc.parsed);
    const lenses = getEvaluationCodeLenses(doc.document, live);
    assert.equal(lenses.length, 2);
    assert.equal(lenses[0]!.command?.title, '✓ 2 passed · ✗ 1 failed · ⚠ 0 error · Δ 0 would change');
    assert.deepEqual(lenses[0]!.command?.arguments, [URI, 1071]);
    assert.equal(lenses[0]!.command?.command, 'qualysPolicy.showControlHosts');
    const controlLine = doc.document.getText().split('\n').findIndex((l) => l.includes('"controlId": 1071'));
    assert.equal(lenses[0]!.range.start.line, controlLine - 1, 'on the line of the control object');
  });

  it('lists hosts in a hover on controlId, changed first, capped with "and N more"', () => {
    const many = Array.from({ length: HOVER_HOST_LIMIT + 5 }, (_, i) => posture(100 + i, 1071, ['20'], 'Passed'));
    let doc = open();
    const live = new LiveEvaluation(indexEvidence([...EVIDENCE, ...many]));
    live.update(doc.document, doc.parsed);
    doc = edit(doc, '"14"', '"5"');
    live.update(doc.document, doc.parsed);
    const text = doc.document.getText();
    const hover = doEvaluationHover(doc.document, doc.parsed, doc.document.positionAt(text.indexOf('"controlId": 1071') + 3), live);
    const md = (hover?.contents as MarkupContent).value;
    assert.match(md, /✓ 18 passed/);
    const rows = md.split('\n').filter((l) => l.startsWith('| host'));
    assert.equal(rows.length, HOVER_HOST_LIMIT);
    assert.ok(rows[0]!.includes('host1\\.example \\(10\\.0\\.0\\.1\\)'), rows[0]);
    assert.match(rows[0]!, /Failed → \*\*Passed\*\*/);
    assert.match(md, /and 8 more/);
  });

  it('shows the hosts of one technology in a hover on the data point value', () => {
    const doc = open();
    const live = new LiveEvaluation(indexEvidence(EVIDENCE));
    live.update(doc.document, doc.parsed);
    const offset = doc.document.getText().indexOf('"^no$"') + 2;
    const md = (doEvaluationHover(doc.document, doc.parsed, doc.document.positionAt(offset), live)?.contents as MarkupContent).value;
    assert.match(md, /host2\\.example/);
    assert.match(md, /`yes`/);
    assert.equal(doEvaluationHover(doc.document, doc.parsed, doc.document.positionAt(doc.document.getText().indexOf('"ssh.root"') + 2), live), null);
  });

  it('builds the Evaluation view notification with changed hosts per control', () => {
    let doc = open();
    const live = new LiveEvaluation(indexEvidence(EVIDENCE));
    live.update(doc.document, doc.parsed);
    doc = edit(doc, '"^no$"', '"^(no|yes)$"');
    live.update(doc.document, doc.parsed);
    const results = evaluationResults(doc.document, live, { kind: 'file', label: 'x' });
    assert.deepEqual(results.totals, { passed: 4, failed: 1, error: 0, changed: 1 });
    const c2000 = results.controls.find((c) => c.controlId === 2000)!;
    assert.deepEqual(c2000.changedHosts.map((h) => [h.hostId, h.recordedStatus, h.status]), [['2', 'Failed', 'Passed']]);
    assert.equal(results.controls.find((c) => c.controlId === 1071)!.changedHosts.length, 0);
  });

  it('writes the push summary in words', () => {
    assert.equal(summaryText({ toPassed: 0, toFailed: 0, toError: 0 }, 0), 'This push changes no host’s status against the loaded evidence.');
    assert.equal(summaryText({ toPassed: 3, toFailed: 12, toError: 0 }, 2), 'This push flips 12 hosts to Failed and 3 to Passed (2 controls).');
    assert.equal(summaryText({ toPassed: 1, toFailed: 2, toError: 4 }, 3), 'This push flips 2 hosts to Failed, 1 to Passed and 4 to Error (3 controls).');
    assert.equal(countsTitle({ passed: 41, failed: 3, error: 1, changed: 2 }), '✓ 41 passed · ✗ 3 failed · ⚠ 1 error · Δ 2 would change');
  });
});

describe('live evaluations in the language service façade', () => {
  it('closing a document drops its evaluation and evidence, and only its own', () => {
    const service = createLanguageService();
    const doc = open();
    const other = 'file:///other.policy.json';
    service.evaluations.load(URI, indexEvidence(EVIDENCE), { kind: 'file', label: 'x' });
    service.evaluations.load(other, indexEvidence(EVIDENCE), { kind: 'file', label: 'x' });
    const hoverText = (): string => {
      const hover = service.doHover(doc.document, doc.parsed, doc.document.positionAt(doc.document.getText().indexOf('"controlId": 1071') + 3));
      return hover ? (hover.contents as MarkupContent).value : '';
    };
    assert.equal(service.evaluations.getCodeLenses(doc.document, doc.parsed).length, 2);
    assert.match(hoverText(), /Evaluation against posture evidence/);
    service.closeDocument(URI);
    assert.equal(service.evaluations.get(URI), undefined);
    assert.deepEqual(service.evaluations.getCodeLenses(doc.document, doc.parsed), []);
    assert.doesNotMatch(hoverText(), /Evaluation against posture evidence/);
    assert.ok(service.evaluations.get(other), 'another document keeps its evidence');
  });
});
