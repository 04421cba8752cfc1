import * as assert from 'node:assert/strict';
import type { Policy } from '../../../server/src/model/policy';
import { BASE, control, edited } from './fixture';
import { planPush, planPushDetailed, targetsOverlap, PlanError } from '../../../client/src/sync/plan';
import { applyOperations } from '../../../client/src/sync/simulate';
import { deepEqual, writableView } from '../../../client/src/sync/canonical';

const PID = BASE.policyId;

/** Plans, and checks that replaying the plan on the base yields the local file. */
function plan(local: Policy) {
  const result = planPushDetailed(BASE, local);
  const after = applyOperations(BASE, result.operations.map((o) => o.op));
  assert.ok(
    deepEqual(writableView(after), writableView(local)),
    `replaying the plan does not give the file:\n${JSON.stringify(writableView(after))}\n${JSON.stringify(writableView(local))}`,
  );
  return { ...result, calls: result.operations.map((o) => `${o.op.method} ${o.op.path}`), bodies: result.operations.map((o) => o.op.body) };
}

/** Renumbers controls of a section after an edit of its order. */
function setOrder(p: Policy, sectionIndex: number, ids: number[]) {
  const s = p.sections![sectionIndex];
  s.controls = ids.map((id, i) => ({ ...s.controls!.find((c) => c.controlId === id)!, controlNumber: i + 1 }));
}

describe('planPush', () => {
  it('plans nothing for an unchanged file (the export timestamp does not count)', () => {
    assert.deepEqual(planPush(BASE, edited((p) => (p.exported = '01-01-2030 00:00:00'))), []);
  });

  it('refuses a file of another policy', () => {
    assert.throws(() => planPush(BASE, edited((p) => (p.policyId = 1))), PlanError);
  });

  it('title, cover page and status are one policy update', () => {
    const r = plan(edited((p) => {
      p.policyTitle = 'Renamed';
      p.coverPage = 'New cover';
      p.isActive = false;
    }));
    assert.deepEqual(r.calls, ['PUT /pcas/v3/policy']);
    assert.deepEqual(r.bodies[0], { policyId: PID, policyTitle: 'Renamed', coverPage: 'New cover', isActive: false });
  });

  it('locking is one call, made after every other change', () => {
    const r = plan(edited((p) => {
      p.isLocked = true;
      p.policyTitle = 'T';
    }));
    assert.deepEqual(r.calls, ['PUT /pcas/v3/policy', 'PUT /pcas/v3/policy/lock']);
    assert.deepEqual(r.bodies[1], { policyId: PID, isLocked: true });
  });

  it('unlocking comes before every other change', () => {
    const base = { ...structuredClone(BASE), isLocked: true };
    const local = { ...structuredClone(BASE), isLocked: false, policyTitle: 'T' };
    const calls = planPush(base, local).map((o) => `${o.method} ${o.path}`);
    assert.deepEqual(calls, ['PUT /pcas/v3/policy/lock', 'PUT /pcas/v3/policy']);
  });

  it('added policy technologies are one call; removed ones one call each, without per-control deletes', () => {
    const r = plan(edited((p) => {
      p.technologies = [{ technologyId: 81, technologyName: 'Red Hat Enterprise Linux 7.x' }, { technologyId: 331, technologyName: 'Windows 11' }, { technologyId: 54, technologyName: 'Windows 8' }];
      for (const s of p.sections!) for (const c of s.controls!) c.technologies = c.technologies!.filter((t) => t.technologyId !== 18);
    }));
    assert.deepEqual(r.calls, ['POST /pcas/v3/policy/technology', `DELETE /pcas/v3/policy/technology?policyId=${PID}&technologyId=18`]);
    assert.deepEqual(r.bodies[0], { policyId: PID, technologyIds: [331, 54] });
  });

  it('a renamed section is one call', () => {
    const r = plan(edited((p) => (p.sections![1].sectionHeading = 'Network services')));
    assert.deepEqual(r.calls, ['PUT /pcas/v3/policy/section']);
    assert.deepEqual(r.bodies[0], { policyId: PID, sectionNumber: 2, sectionHeading: 'Network services' });
  });

  it('a new section is appended, then its controls are added in one call', () => {
    const r = plan(edited((p) => {
      p.sections!.push({
        sectionNumber: 4,
        sectionHeading: 'Extra',
        controls: [
          { controlId: 3001, sectionNumber: 4, controlNumber: 1, criticality: 'URGENT', technologies: [] },
          { controlId: 3002, sectionNumber: 4, controlNumber: 2, technologies: [] },
        ],
      });
    }));
    assert.deepEqual(r.calls, ['POST /pcas/v3/policy/section', 'POST /pcas/v3/policy/section/control']);
    assert.deepEqual(r.bodies[1], { policyId: PID, sectionNumber: 4, controls: [{ controlId: 3001, criticality: 'URGENT' }, { controlId: 3002 }] });
  });

  it('removing a middle section is one call, whether or not the file renumbers the later sections', () => {
    const kept = plan(edited((p) => p.sections!.splice(1, 1)));
    assert.deepEqual(kept.calls, [`DELETE /pcas/v3/policy/section?policyId=${PID}&sectionNumber=2`]);
    const renumbered = plan(edited((p) => {
      p.sections!.splice(1, 1);
      p.sections![1].sectionNumber = 2;
      p.sections![1].controls!.forEach((c) => (c.sectionNumber = 2));
    }));
    assert.deepEqual(renumbered.calls, kept.calls);
  });

  it('removes several sections highest first, after changes to sections that stay', () => {
    const r = plan(edited((p) => {
      p.sections = [p.sections![1]];
      control(p, 1114).criticality = 'URGENT';
    }));
    assert.deepEqual(r.calls, [
      'PUT /pcas/v3/policy/section/control',
      `DELETE /pcas/v3/policy/section?policyId=${PID}&sectionNumber=3`,
      `DELETE /pcas/v3/policy/section?policyId=${PID}&sectionNumber=1`,
    ]);
    assert.equal((r.bodies[0] as any).sectionNumber, 2);
  });

  it('a section renamed and renumbered after a removal is matched by its controls', () => {
    const r = plan(edited((p) => {
      p.sections!.splice(0, 1);
      p.sections![0].sectionNumber = 1;
      p.sections![0].sectionHeading = 'Services (renamed)';
    }));
    assert.deepEqual(r.calls, ['PUT /pcas/v3/policy/section', `DELETE /pcas/v3/policy/section?policyId=${PID}&sectionNumber=1`]);
    assert.deepEqual(r.bodies[0], { policyId: PID, sectionNumber: 2, sectionHeading: 'Services (renamed)' });
  });

  it('one edited control field is one call', () => {
    for (const [field, value] of [['criticality', 'MINIMAL'], ['referenceText', 'CIS 1.1.2'], ['isControlDisable', true]] as const) {
      const r = plan(edited((p) => ((control(p, 1072) as any)[field] = value)));
      assert.deepEqual(r.calls, ['PUT /pcas/v3/policy/section/control'], field);
      assert.deepEqual(r.bodies[0], { policyId: PID, sectionNumber: 1, controlId: 1072, [field]: value });
    }
  });

  it('a removed control is one call', () => {
    const r = plan(edited((p) => setOrder(p, 0, [1071, 1073])));
    assert.deepEqual(r.calls, [`DELETE /pcas/v3/policy/section/control?policyId=${PID}&sectionNumber=1&controlId=1072`]);
  });

  it('a control inserted in the middle carries its position, and its evaluation is stated', () => {
    const r = plan(edited((p) => {
      const s = p.sections![0];
      s.controls!.splice(1, 0, {
        controlId: 1048,
        sectionNumber: 1,
        controlNumber: 2,
        criticality: 'CRITICAL',
        isControlDisable: true,
        referenceText: 'Reference Text',
        technologies: [{ technologyId: 18, technologyName: 'Windows Vista', evaluate: { dp: { k: 'secman.system.clearpageonshut', v: ['1'], op: 'eq' } } }],
      });
      s.controls!.forEach((c, i) => (c.controlNumber = i + 1));
    }));
    assert.deepEqual(r.calls, ['POST /pcas/v3/policy/section/control', 'PUT /pcas/v3/policy/section/control/technology/evaluation']);
    assert.deepEqual(r.bodies[0], {
      policyId: PID,
      sectionNumber: 1,
      controls: [{ controlId: 1048, criticality: 'CRITICAL', referenceText: 'Reference Text', isControlDisable: true, controlNumber: 2 }],
    });
  });

  it('moving one control is one call with its new number', () => {
    const r = plan(edited((p) => setOrder(p, 0, [1072, 1073, 1071])));
    assert.deepEqual(r.calls, ['PUT /pcas/v3/policy/section/control']);
    assert.deepEqual(r.bodies[0], { policyId: PID, sectionNumber: 1, controlId: 1071, controlNumber: 3 });
  });

  it('reversing three controls takes two moves', () => {
    const r = plan(edited((p) => setOrder(p, 0, [1073, 1072, 1071])));
    assert.equal(r.calls.length, 2);
  });

  it('a move and a field change of the same control are one call', () => {
    const r = plan(edited((p) => {
      setOrder(p, 0, [1072, 1071, 1073]);
      control(p, 1072).criticality = 'MINIMAL';
    }));
    assert.equal(r.calls.length, 1);
  });

  it('a control moved to another section is removed, added and its evaluation restated', () => {
    const r = plan(edited((p) => {
      const c = p.sections![2].controls!.pop()!;
      p.sections![1].controls!.push({ ...c, sectionNumber: 2, controlNumber: 3 });
    }));
    assert.deepEqual(r.calls, [
      `DELETE /pcas/v3/policy/section/control?policyId=${PID}&sectionNumber=3&controlId=2001`,
      'POST /pcas/v3/policy/section/control',
      'PUT /pcas/v3/policy/section/control/technology/evaluation',
    ]);
  });

  it('control technologies: added in one call (then evaluated), removed one call each', () => {
    const r = plan(edited((p) => {
      control(p, 1072).technologies!.push({ technologyId: 81, technologyName: 'Red Hat Enterprise Linux 7.x', evaluate: { dp: { k: 'x', v: ['1'], op: 'eq' } } });
      control(p, 1071).technologies = control(p, 1071).technologies!.filter((t) => t.technologyId !== 81);
    }));
    assert.deepEqual(r.calls, [
      `DELETE /pcas/v3/policy/section/control/technology?policyId=${PID}&sectionNumber=1&controlId=1071&technologyId=81`,
      'POST /pcas/v3/policy/section/control/technology',
      'PUT /pcas/v3/policy/section/control/technology/evaluation',
    ]);
    assert.deepEqual(r.bodies[1], { policyId: PID, sectionNumber: 1, controlId: 1072, technologyIds: [81] });
  });

  it('one edited data point value is exactly one evaluation call with the whole dp', () => {
    const r = plan(edited((p) => (control(p, 1114).technologies![0].evaluate!.dp.v = ['3'])));
    assert.deepEqual(r.calls, ['PUT /pcas/v3/policy/section/control/technology/evaluation']);
    const body = r.bodies[0] as any;
    assert.deepEqual(
      { ...body, evaluate: undefined },
      { policyId: PID, sectionNumber: 2, controlId: 1114, technologyId: 81, evaluate: undefined },
    );
    assert.deepEqual(body.evaluate.dp.v, ['3']);
    assert.equal(body.evaluate.dp.cd, 'is contained in');
    assert.equal('remediation' in body, false);
  });

  for (const [what, edit] of [
    ['op', (dp: any) => (dp.op = 'le')],
    ['cd', (dp: any) => (dp.cd = 'match any')],
    ['fv', (dp: any) => (dp.fv[0].set = '1')],
  ] as const) {
    it(`an edited ${what} is one evaluation call`, () => {
      const r = plan(edited((p) => edit(control(p, 1131).technologies![0].evaluate!.dp)));
      assert.deepEqual(r.calls, ['PUT /pcas/v3/policy/section/control/technology/evaluation']);
    });
  }

  it('remediation alone is one call without evaluate; with an evaluation edit still one call', () => {
    const only = plan(edited((p) => (control(p, 1072).technologies![0].remediation = 'New text')));
    assert.deepEqual(only.calls, ['PUT /pcas/v3/policy/section/control/technology/evaluation']);
    assert.equal('evaluate' in (only.bodies[0] as any), false);
    const both = plan(edited((p) => {
      control(p, 1072).technologies![0].remediation = 'New text';
      control(p, 1072).technologies![0].evaluate!.dp.v = ['2'];
    }));
    assert.equal(both.calls.length, 1);
  });

  it('reports edits no API call can make, and plans the rest', () => {
    const r = planPushDetailed(BASE, edited((p) => {
      control(p, 1072).statement = 'My statement';
      control(p, 1072).technologies![0].rationale = 'Mine';
      p.sections = [p.sections![1], p.sections![0], p.sections![2]];
    }));
    assert.deepEqual(r.operations, []);
    assert.equal(r.unsupported.length, 3);
  });

  it('a field missing from the file means no change, not a removal', () => {
    assert.deepEqual(planPush(BASE, edited((p) => {
      delete control(p, 1072).referenceText;
      delete p.coverPage;
    })), []);
  });

  it('targets overlap by containment on path boundaries', () => {
    assert.equal(targetsOverlap('control:1', 'control:1.criticality'), true);
    assert.equal(targetsOverlap('section:1', 'section:10.number'), false);
    assert.equal(targetsOverlap('control:1.technology:2.evaluate', 'control:1.technology:2.remediation'), false);
  });
});
