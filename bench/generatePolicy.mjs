// Generates realistic exported policies of a given size for the benchmarks:
// hundreds to thousands of controls × several technologies, with real-looking dp blocks.

const TECHNOLOGIES = [
  [45, 'Red Hat Enterprise Linux 6.x'],
  [80, 'CentOS 7.x'],
  [81, 'Red Hat Enterprise Linux 7.x'],
  [217, 'Red Hat Enterprise Linux 8.x'],
  [261, 'Ubuntu 20.x'],
  [372, 'Red Hat Enterprise Linux 9.x'],
];

const DATA_POINTS = [
  { op: 'ge', v: ['14'], desc: 'The following Integer value <b>X</b> indicates the current value of the <b>PASS_MIN_LEN</b> setting as defined within the <b>/etc/login.defs</b> file.' },
  { op: 'eq', v: ['1'], desc: 'This Integer value <B>X</B> indicates the current status of the setting <B>Shutdown: Clear virtual memory pagefile</B> using the registry key path.' },
  { op: 're', cd: 'match any', v: ['(?i)^\\s*PermitRootLogin\\s+no\\s*$'], desc: 'The List String value of <B>X</B> indicates the status of the <B>PermitRootLogin</B> setting in the <B>sshd_config</B> file.' },
  { op: 'xre', cd: 'does not contain', v: ['.+'], desc: 'The List String value of <B>X</B> indicates the status of the file system <B>cramfs kernel module</B> loaded in the kernel using <b>lsmod</b> utility.' },
  { op: 'xre', cd: 'matches', v: ['.+:\\s*install\\s+cramfs\\s+/bin/(true|false)'], desc: 'The List String value of <B>X</B> indicates the status of the <B>cramfs kernel module</B>.' },
  { op: 'xeq', cd: 'is contained in', v: ['3', '5'], desc: 'The following List Integer value <B>X</B> indicates whether or not this host\'s <B>Apache webserver</B> service is operational.' },
  { op: 'in', v: ['0', '1', '2'], desc: 'The following Integer value <B>X</B> indicates the current audit policy setting.' },
  { op: 'range', v: ['1', '90'], desc: 'The following Integer value <B>X</B> indicates the maximum password age in days.' },
  { op: 'le', v: ['5'], desc: 'The following Integer value <B>X</B> indicates the account lockout threshold.' },
];

const REMEDIATION = 'To specify password length requirements for new accounts, edit the file "/etc/login.defs" and add or correct the following lines: \n\nPASS_MIN_LEN <required value>\n\nexample:\n\nPASS_MIN_LEN 14\n\n\nNote:\nThe DoD requirement is "14". If a program consults "/etc/login.defs" and also another PAM module (such as "pam_cracklib") during a password change operation, then the most restrictive must be satisfied.';
const RATIONALE = "Among the several characteristics that make 'user identification' via password a secure and workable solution is setting a 'minimum password length' requirement. Each character that is added to the password length squares the difficulty of breaking the password via 'brute force,' which attempts using every combination possible within the password symbol set-space, in order to discover a user's password.";
const CRITICALITIES = ['URGENT', 'CRITICAL', 'SERIOUS', 'MEDIUM', 'MINIMAL'];

function control(id, sectionNumber, controlNumber, techCount) {
  const technologies = [];
  for (let t = 0; t < techCount; t++) {
    const [technologyId, technologyName] = TECHNOLOGIES[(id + t) % TECHNOLOGIES.length];
    const d = DATA_POINTS[(id * 7 + t) % DATA_POINTS.length];
    const dp = { k: `rh06.secman.system.setting-${id}-${t}`, v: d.v, l: 0, description: d.desc, op: d.op };
    if (d.cd) dp.cd = d.cd;
    dp.fv = [
      { value: '161803399999999', set: '1', description: 'Setting not found' },
      { value: '314159265358979', set: '1', description: 'File not found' },
    ];
    technologies.push({ technologyId, technologyName, evaluate: { dp }, remediation: REMEDIATION, rationale: RATIONALE, controlDefinitionUpdateAvailable: false });
  }
  return {
    controlId: 1000 + id,
    sectionNumber,
    controlNumber,
    statement: `Status of the 'Setting ${id}' configuration`,
    criticality: CRITICALITIES[id % CRITICALITIES.length],
    isControlDisable: false,
    referenceText: `CIS ${sectionNumber}.${controlNumber}`,
    technologies,
  };
}

/** An exported policy of about `targetBytes` (pretty-printed like real exports). */
export function generatePolicy(targetBytes) {
  const sections = [];
  const policy = {
    policyId: 5656121,
    policyTitle: 'Benchmark policy',
    exported: '20-06-2024 06:05:25',
    coverPage: 'Generated for the benchmark.',
    isActive: true,
    isLocked: false,
    technologies: TECHNOLOGIES.map(([technologyId, technologyName]) => ({ technologyId, technologyName })),
    sections,
  };
  // Size a sample, then scale the control count to hit the target.
  const sample = 100;
  fill(sections, sample);
  const perControl = JSON.stringify(policy, null, 2).length / sample;
  const controls = Math.max(10, Math.round(targetBytes / perControl));
  sections.length = 0;
  fill(sections, controls);
  return { text: JSON.stringify(policy, null, 2), controls };
}

function fill(sections, controls) {
  const perSection = 50;
  let id = 0;
  for (let s = 1; id < controls; s++) {
    const list = [];
    for (let c = 1; c <= perSection && id < controls; c++, id++) list.push(control(id, s, c, 3 + (id % 3)));
    sections.push({ sectionNumber: s, sectionHeading: `Section ${s}`, controls: list });
  }
}
