import * as assert from 'node:assert/strict';
import { BASE, control, edited } from './fixture';
import { checkConflicts } from '../../../client/src/sync/conflicts';


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
