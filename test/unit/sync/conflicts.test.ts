import * as assert from 'node:assert/strict';
import { BASE, control, edited } from './fixture';
import { checkConflicts, describeConflicts } from '../../../client/src/sync/conflicts';


describe('checkConflicts', () => {
  const local = edited((p) => (control(p, 1072).technologies![0].evaluate!.dp.v = ['2']));

  it('an unchanged remote lets the whole plan through', () => {
    const r = checkConflicts(BASE, local, structuredClone(BASE));
    assert.equal(r.conflicts.length, 0);
    assert.equal(r.operations.length, 1);
  });

  it('a remote change elsewhere, even in the same section, is not a conflict', () => {
    const remote = edited((p) => (control(p, 1071).criticality = 'MINIMAL'));
    const r = checkConflicts(BASE, local, remote);
    assert.deepEqual(r.conflicts, []);
    assert.equal(r.operations.length, 1);
    assert.equal(r.remoteChanges.length, 1);
  });

  it('the same data point changed on both sides is a conflict naming both changes', () => {
    const remote = edited((p) => (control(p, 1072).technologies![0].evaluate!.dp.v = ['5']));
    const r = checkConflicts(BASE, local, remote);
    assert.equal(r.conflicts.length, 1);
    assert.equal(r.conflicts[0].target, 'control:1072.technology:18.evaluate');
    assert.equal(r.operations.length, 0);
    const dp = control(BASE, 1072).technologies![0].evaluate!.dp;
    const at = (v: string) => `${dp.op}${dp.cd ? ` ${dp.cd}` : ''} ${JSON.stringify([v])}`;
    assert.deepEqual(r.conflicts[0].values, { base: at(dp.v[0]), local: at('2'), remote: at('5') });
    assert.match(describeConflicts(r.conflicts)[0], /at your pull: .*; your file: .*"2".*; the tenant now: .*"5"/);
  });

  it('shows the three values of a conflicting control field, and "(absent)" for a control removed remotely', () => {
    const mine = edited((p) => (control(p, 2001).criticality = 'URGENT'));
    const theirs = edited((p) => (control(p, 2001).criticality = 'MINIMAL'));
    const [c] = checkConflicts(BASE, mine, theirs).conflicts;
    assert.deepEqual(c.values, { base: JSON.stringify(control(BASE, 2001).criticality), local: '"URGENT"', remote: '"MINIMAL"' });
    const removed = edited((p) => p.sections!.pop());
    assert.equal(checkConflicts(BASE, mine, removed).conflicts[0].values.remote, '(absent)');
  });

  it('an identical change on both sides is neither a conflict nor sent again', () => {
    const r = checkConflicts(BASE, local, structuredClone(local));
    assert.deepEqual(r.conflicts, []);
    assert.deepEqual(r.operations, []);
  });

  it('a remote section removal conflicts with local edits of its controls', () => {
    const mine = edited((p) => (control(p, 2001).criticality = 'URGENT'));
    const remote = edited((p) => p.sections!.pop());
    const r = checkConflicts(BASE, mine, remote);
    assert.equal(r.conflicts.length, 1);
    assert.match(r.conflicts[0].remote, /Remove section 3/);
  });

  it('a remote reorder conflicts with a local insertion in the same section', () => {
    const mine = edited((p) => {
      p.sections![1].controls!.unshift({ controlId: 1048, sectionNumber: 2, controlNumber: 0, technologies: [] });
      p.sections![1].controls!.forEach((c, i) => (c.controlNumber = i + 1));
    });
    const remote = edited((p) => {
      const [a, b] = p.sections![1].controls!;
      a.controlNumber = 2;
      b.controlNumber = 1;
    });
    assert.ok(checkConflicts(BASE, mine, remote).conflicts.length > 0);
  });
});
