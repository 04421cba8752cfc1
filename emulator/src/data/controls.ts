/**
 * The control catalog: every control the emulator knows, with its per-technology definition
 * (data point, remediation, rationale), plus sample collected values for each data point key
 * so the fleet can produce passing, failing and fixed-value postures.
 *
 * The seed controls (1071, 1072, 1048, 1114, 28951, 29271) are copied from the seed samples;
 * the rest are generated from templates that cover every operator and cardinality.
 */
import type { ControlTechnology, DataPoint, FixedValue } from '../../../server/src/model/policy';
import seed from './seedSamples.json';
import { TECHNOLOGIES, technologyName, type Family } from './technologies';

export interface ControlDefinition {
  readonly controlId: number;
  readonly statement: string;
  readonly criticality: string;
  readonly category: string;
  readonly subCategory: string;
  /** One definition per supported technology. */
  readonly technologies: readonly ControlTechnology[];
}

/** Values a scanner may collect for a key: lists that comply with the catalog definition and lists that don't. */
export interface CollectionSamples {
  readonly pass: readonly (readonly string[])[];
  readonly fail: readonly (readonly string[])[];
}

const SETTING_NOT_FOUND = '161803399999999';
const FILE_NOT_FOUND = '314159265358979';

function fv(setting: '0' | '1', file: '0' | '1', settingText = 'Setting not found', fileText = 'File not found'): FixedValue[] {
  return [
    { value: SETTING_NOT_FOUND, set: setting, description: settingText },
    { value: FILE_NOT_FOUND, set: file, description: fileText },
  ];
}

const catalog = new Map<number, ControlDefinition>();
const samples = new Map<string, CollectionSamples>();

function addControl(def: ControlDefinition): void {
  catalog.set(def.controlId, def);
}

function addSamples(key: string, s: CollectionSamples): void {
  if (!samples.has(key)) samples.set(key, s);
}

function techsOf(family: Family): number[] {
  return TECHNOLOGIES.filter((t) => t.family === family).map((t) => t.technologyId);
}

// ------------------------------------------------------------------ seed controls

type SeedTech = ControlTechnology & { evaluate: { dp: DataPoint } };
const docControl = seed.documentationPolicy.sections[0].controls[0];
const multi = seed.multiTechnologyPolicy.sections[0].controls[0];
const c1048 = seed.control1048;
const rhel = seed.rhel8Full.sections[0].controls;

function withTech(t: SeedTech, technologyId: number): ControlTechnology {
  const copy: ControlTechnology = { ...structuredClone(t), technologyId, technologyName: technologyName(technologyId) };
  delete copy.controlDefinitionUpdateAvailable;
  return copy;
}

{
  // 1072: the Documentation_Policy control, on every Windows technology (seed keeps the legacy "rational" spelling).
  const vista = docControl.technologies[0] as SeedTech;
  addControl({
    controlId: 1072,
    statement: docControl.statement,
    criticality: docControl.criticality,
    category: 'Access Control Requirements',
    subCategory: 'Authentication/Passwords',
    technologies: techsOf('windows').map((id) => withTech(vista, id)),
  });
  addSamples('win.auth.passwords.minage', { pass: [['1'], ['2']], fail: [['0']] });

  // 1071: six seed technologies, Windows XP from the "get control" sample, other Windows from it too.
  // controlDefinitionUpdateAvailable belongs to a tenant policy's copy, not to the library definition.
  const linuxTechs = (multi.technologies as SeedTech[]).map(({ controlDefinitionUpdateAvailable: _, ...t }) => structuredClone(t) as ControlTechnology);
  const winXp = seed.control1071WindowsXp as SeedTech;
  const extraLinux = [25, 43].map((id) => withTech(multi.technologies[0] as SeedTech, id));
  const debian = withTech(multi.technologies.find((t) => t.technologyId === 261) as SeedTech, 346);
  addControl({
    controlId: 1071,
    statement: multi.statement,
    criticality: multi.criticality,
    category: 'Access Control Requirements',
    subCategory: 'Authentication/Passwords',
    technologies: [...linuxTechs, ...extraLinux, debian, ...techsOf('windows').map((id) => withTech(winXp, id))],
  });
  addSamples('rh06.secman.system.logindefs-min-password-length', { pass: [['14'], ['8'], ['5']], fail: [['-1']] });
  addSamples('deb00.auth.useraccount.password-length', { pass: [['14'], ['8']], fail: [['0']] });
  addSamples('win.auth.passwords.minlen', { pass: [['14'], ['8']], fail: [['-1']] });

  // 1048: Windows Vista in the seed; the same definition on the other Windows technologies.
  const c1048Vista = c1048.technologies[0] as SeedTech;
  addControl({
    controlId: 1048,
    statement: "Status of the 'Shutdown: Clear virtual memory pagefile' setting",
    criticality: 'CRITICAL',
    category: 'System Settings',
    subCategory: 'Virtual Memory',
    technologies: techsOf('windows').map((id) => withTech(c1048Vista, id)),
  });
  addSamples('secman.system.clearpageonshut', { pass: [['1']], fail: [['2']] });

  // 1114: the evaluation-update sample (technology 25), also on the other Red Hat family technologies.
  const apache: ControlTechnology = {
    technologyId: 25,
    technologyName: technologyName(25),
    evaluate: {
      dp: {
        k: 'secman.network.www-apache',
        v: ['3', '5'],
        l: 0,
        description:
          "The following List Integer value <B>X</B> indicates whether or not this host's <B>Apache webserver</B> service is operational. When enabled for multiuser operation (console login only) the RUNLEVEL should be <B>3</B>; when enabled for multiuser operation (console + GUI login), the RUNLEVEL should be <B>5</B>.",
        cd: 'is contained in',
        op: 'xeq',
        fv: seed.control1114FixedValues,
      },
    },
    remediation: "Disable the Apache webserver service unless the host's role requires it.",
    rationale:
      'A web server that is not needed enlarges the attack surface of the host. Run the Apache webserver only at the runlevels the business requires.',
  };
  addControl({
    controlId: 1114,
    statement: "Status of the 'Apache webserver' service",
    criticality: 'SERIOUS',
    category: 'Services',
    subCategory: 'Guidelines/Procedures (Services)',
    technologies: [25, 43, 45, 80, 81, 217, 372].map((id) => withTech(apache as SeedTech, id)),
  });
  addSamples('secman.network.www-apache', { pass: [['3'], ['3', '5']], fail: [['2', '3', '4', '5']] });

  // 28951 / 29271: the RHEL 8 library sample.
  for (const c of rhel) {
    const t = c.technologies[0] as SeedTech;
    addControl({
      controlId: c.controlId,
      statement: c.statement,
      criticality: c.criticality,
      category: 'Security Configuration',
      subCategory: 'File Systems',
      technologies: [80, 81, 217, 372].map((id) => withTech(t, id)),
    });
  }
  addSamples('oel9.secman.general.kernel_module_cramfs', { pass: [[]], fail: [['cramfs 16384 0']] });
  addSamples('oel9.secman.install_module_cramfs', {
    pass: [['/etc/modprobe.d/cramfs.conf: install cramfs /bin/false']],
    fail: [['/etc/modprobe.d/cramfs.conf: install cramfs /bin/sh']],
  });
}

// ------------------------------------------------------------- generated controls

interface Template {
  readonly statement: (p: string) => string;
  readonly category: string;
  readonly subCategory: string;
  readonly criticality: string;
  readonly key: (p: string) => string;
  readonly dp: (p: string) => Omit<DataPoint, 'k'>;
  readonly samples: CollectionSamples;
  readonly params: readonly string[];
  readonly remediation: (p: string) => string;
  readonly rationale: (p: string) => string;
}

const DEFAULT_RATIONALE = (what: string) =>
  `Misconfiguration of ${what} can weaken the security posture of the host. Configure this setting based on the business requirements and the organization's security policy.`;

const LINUX_TEMPLATES: readonly Template[] = [
  {
    statement: (p) => `Status of the '${p}' kernel parameter (sysctl)`,
    category: 'Kernel Configuration',
    subCategory: 'Network Parameters',
    criticality: 'SERIOUS',
    key: (p) => `linux.sysctl.${p}`,
    dp: (p) => ({
      v: [p.includes('forward') || p.includes('redirects') || p.includes('source_route') ? '0' : '1'],
      l: 0,
      description: `The following Integer value <B>X</B> indicates the current value of the <B>${p}</B> kernel parameter as reported by <B>sysctl</B>.`,
      op: 'eq',
      fv: fv('0', '0'),
    }),
    samples: { pass: [['__V0__']], fail: [['__NOT_V0__']] },
    params: ['net.ipv4.ip_forward', 'net.ipv4.conf.all.send_redirects', 'net.ipv4.conf.default.send_redirects', 'net.ipv4.conf.all.accept_source_route', 'net.ipv4.conf.default.accept_source_route', 'net.ipv4.conf.all.accept_redirects', 'net.ipv4.conf.default.accept_redirects', 'net.ipv4.conf.all.secure_redirects', 'net.ipv4.conf.default.secure_redirects', 'net.ipv4.tcp_syncookies', 'net.ipv4.conf.all.rp_filter', 'net.ipv4.conf.default.rp_filter', 'kernel.randomize_va_space', 'net.ipv6.conf.all.accept_redirects', 'net.ipv6.conf.default.accept_redirects', 'net.ipv6.conf.all.accept_source_route', 'net.ipv6.conf.all.forwarding', 'net.ipv4.icmp_echo_ignore_broadcasts', 'net.ipv4.icmp_ignore_bogus_error_responses', 'net.ipv4.conf.all.log_martians', 'net.ipv4.conf.default.log_martians', 'kernel.yama.ptrace_scope', 'kernel.dmesg_restrict', 'kernel.kptr_restrict', 'fs.protected_hardlinks', 'fs.protected_symlinks'],
    remediation: (p) => `Set the following parameter in /etc/sysctl.d/60-cis.conf and run 'sysctl --system':\n${p} = <required value>`,
    rationale: (p) => DEFAULT_RATIONALE(`the ${p} kernel parameter`),
  },
  {
    statement: (p) => `Status of the ${p} kernel module available in any installed kernel`,
    category: 'Security Configuration',
    subCategory: 'File Systems',
    criticality: 'MEDIUM',
    key: (p) => `linux.kernel_module_${p}`,
    dp: (p) => ({
      v: ['.+'],
      l: 0,
      description: `The List String value of <B>X</B> indicates the status of the <B>${p} kernel module</B> loaded in the kernel using <b>lsmod</b> utility.`,
      op: 'xre',
      cd: 'does not contain',
      fv: fv('1', '1', 'Module exists but is not loaded', 'Module does not exist'),
    }),
    samples: { pass: [[]], fail: [['__P__ 20480 0']] },
    params: ['freevxfs', 'jffs2', 'hfs', 'hfsplus', 'squashfs', 'udf', 'usb-storage', 'dccp', 'sctp', 'rds', 'tipc'],
    remediation: (p) => `Edit or create a file in /etc/modprobe.d/ ending in .conf with:\ninstall ${p} /bin/false\nblacklist ${p}\nthen run: modprobe -r ${p}`,
    rationale: (p) => DEFAULT_RATIONALE(`the ${p} kernel module`),
  },
  {
    statement: (p) => `Status of the '${p}' setting in /etc/login.defs`,
    category: 'Access Control Requirements',
    subCategory: 'Authentication/Passwords',
    criticality: 'URGENT',
    key: (p) => `linux.logindefs.${p.toLowerCase()}`,
    dp: (p) => ({
      v: [p === 'PASS_MAX_DAYS' ? '365' : p === 'PASS_WARN_AGE' ? '7' : '1'],
      l: 0,
      description: `The following Integer value <b>X</b> indicates the current value of the <b>${p}</b> setting as defined within the <b>/etc/login.defs</b> file.`,
      op: p === 'PASS_MAX_DAYS' ? 'le' : 'ge',
      fv: fv('0', '0'),
    }),
    samples: { pass: [['__OK__']], fail: [['__BAD__']] },
    params: ['PASS_MAX_DAYS', 'PASS_MIN_DAYS', 'PASS_WARN_AGE'],
    remediation: (p) => `Edit /etc/login.defs and set ${p} to the required value.`,
    rationale: (p) => DEFAULT_RATIONALE(`the ${p} password aging setting`),
  },
  {
    statement: (p) => `Status of the permissions set on '${p}'`,
    category: 'File Security',
    subCategory: 'Permissions',
    criticality: 'CRITICAL',
    key: (p) => `linux.file.permissions.${p}`,
    dp: (p) => ({
      v: ['^-rw-------\\s+root\\s+root'],
      l: 0,
      description: `The following List String value <b>X</b> indicates the permissions, owner and group of <b>${p}</b> as reported by <b>ls -l</b>.`,
      op: 're',
      cd: 'match all',
      fv: fv('1', '1', 'Setting not found', 'File not found'),
    }),
    samples: { pass: [['-rw-------  root root']], fail: [['-rw-r--r--  root root'], ['-rw-------  root wheel', '-rw-rw-rw-  root root']] },
    params: ['/etc/crontab', '/etc/cron.hourly', '/etc/cron.daily', '/etc/cron.weekly', '/etc/cron.monthly', '/etc/cron.d', '/etc/ssh/sshd_config', '/boot/grub2/grub.cfg', '/boot/grub2/grubenv', '/boot/grub2/user.cfg', '/etc/shadow', '/etc/shadow-', '/etc/gshadow', '/etc/gshadow-', '/etc/passwd-', '/etc/group-', '/etc/at.allow', '/etc/cron.allow', '/etc/motd', '/etc/issue', '/etc/issue.net', '/etc/security/opasswd', '/etc/ssh/ssh_host_rsa_key', '/etc/ssh/ssh_host_ecdsa_key', '/etc/ssh/ssh_host_ed25519_key', '/etc/sudoers', '/etc/audit/auditd.conf', '/etc/audit/audit.rules', '/etc/rsyslog.conf', '/etc/systemd/journald.conf', '/var/log/messages', '/var/log/secure', '/etc/logrotate.conf', '/etc/login.defs', '/etc/pam.d/system-auth', '/etc/pam.d/password-auth', '/etc/security/pwquality.conf', '/etc/security/faillock.conf', '/etc/selinux/config', '/etc/fstab'],
    remediation: (p) => `Run the following commands:\nchown root:root ${p}\nchmod og-rwx ${p}`,
    rationale: (p) => DEFAULT_RATIONALE(`the permissions of ${p}`),
  },
  {
    statement: (p) => `Status of the '${p}' service`,
    category: 'Services',
    subCategory: 'Guidelines/Procedures (Services)',
    criticality: 'SERIOUS',
    key: (p) => `linux.service.${p}`,
    dp: (p) => ({
      v: ['disabled', 'masked'],
      l: 0,
      description: `The following List String value <b>X</b> indicates the status of the <b>${p}</b> service as reported by <b>systemctl is-enabled</b>.`,
      op: 'xeq',
      cd: 'is contained in',
      fv: fv('1', '1', 'Service disabled', 'Service not found'),
    }),
    samples: { pass: [['disabled'], ['masked']], fail: [['enabled']] },
    params: ['avahi-daemon', 'cups', 'dhcpd', 'slapd', 'nfs-server', 'rpcbind', 'named', 'vsftpd', 'httpd', 'nginx', 'dovecot', 'smb', 'squid', 'snmpd', 'telnet.socket', 'tftp.socket', 'rsyncd', 'xinetd', 'ypserv', 'autofs', 'bluetooth', 'kdump', 'postfix', 'nftables', 'iptables', 'firewalld', 'chronyd', 'auditd', 'rsyslog', 'systemd-journal-remote'],
    remediation: (p) => `Run the following command to disable ${p}:\nsystemctl --now mask ${p}`,
    rationale: (p) => DEFAULT_RATIONALE(`the ${p} service`),
  },
  {
    statement: (p) => `Status of the '${p}' setting in the 'sshd_config' file`,
    category: 'Access Control Requirements',
    subCategory: 'Remote Access',
    criticality: 'CRITICAL',
    key: (p) => `linux.sshd.${p.toLowerCase()}`,
    dp: (p) => {
      if (p === 'MaxAuthTries') return { v: ['1', '4'], l: 0, description: sshdDesc(p), op: 'range', fv: fv('0', '0') };
      if (p === 'PermitEmptyPasswords') return { v: ['yes'], l: 0, description: sshdDesc(p), op: 'ne', fv: fv('1', '0') };
      if (p === 'ClientAliveInterval') return { v: ['301'], l: 0, description: sshdDesc(p), op: 'lt', fv: fv('0', '0') };
      if (p === 'LoginGraceTime') return { v: ['0'], l: 0, description: sshdDesc(p), op: 'gt', fv: fv('0', '0') };
      if (p === 'LogLevel') return { v: ['INFO', 'VERBOSE'], l: 0, description: sshdDesc(p), op: 'in', fv: fv('1', '0') };
      if (p === 'Ciphers')
        return { v: ['(?i)\\A(aes(128|192|256)-(ctr|gcm@openssh\\.com)|chacha20-poly1305@openssh\\.com)\\Z'], l: 0, description: sshdDesc(p), op: 're', cd: 'match all', fv: fv('0', '0') };
      if (p === 'AllowUsers') return { v: ['.*'], l: 0, description: sshdDesc(p), op: 're', cd: 'match any', fv: fv('1', '1') };
      if (p === 'DenyUsers') return { v: [], l: 0, description: sshdDesc(p), op: 're', cd: 'not empty', fv: fv('1', '1') };
      if (p === 'Banner') return { v: ['none'], l: 0, description: sshdDesc(p), op: 're', cd: 'match none', fv: fv('0', '0') };
      return { v: ['no'], l: 0, description: sshdDesc(p), op: 'eq', fv: fv('0', '0') };
    },
    samples: { pass: [['__OK__']], fail: [['__BAD__']] },
    params: ['PermitRootLogin', 'MaxAuthTries', 'PermitEmptyPasswords', 'ClientAliveInterval', 'LoginGraceTime', 'LogLevel', 'Ciphers', 'AllowUsers', 'DenyUsers', 'Banner', 'X11Forwarding', 'HostbasedAuthentication', 'PermitUserEnvironment'],
    remediation: (p) => `Edit the /etc/ssh/sshd_config file to set the ${p} parameter as per the organization's policy, then restart sshd.`,
    rationale: (p) => DEFAULT_RATIONALE(`the SSH ${p} setting`),
  },
  {
    statement: (p) => `Status of the audit rules for '${p}'`,
    category: 'Logging and Auditing',
    subCategory: 'Audit Rules',
    criticality: 'MEDIUM',
    key: (p) => `linux.auditd.rules.${p}`,
    dp: (p) => ({
      v: [`-w\\s+${p.replace(/\./g, '\\.')}\\s+-p\\s+wa`, '-k\\s+\\S+'],
      l: 0,
      description: `The following List String value <b>X</b> indicates the audit rules configured for <b>${p}</b> as reported by <b>auditctl -l</b>.`,
      op: 'xre',
      cd: p.startsWith('/etc/') ? 'intersect' : 'contain',
      fv: fv('0', '0', 'Audit rules not found', 'auditctl not found'),
    }),
    samples: { pass: [['-w __P__ -p wa -k identity']], fail: [['-w /tmp -p x']] },
    params: ['/etc/group', '/etc/passwd', '/etc/gshadow', '/etc/shadow', '/etc/security/opasswd', '/etc/sudoers', '/etc/sudoers.d', '/var/log/lastlog', '/var/run/faillock', '/var/log/sudo.log', '/etc/localtime', '/etc/hosts', '/etc/hostname', '/etc/issue', '/etc/selinux', '/usr/share/selinux', '/usr/sbin/insmod', '/usr/sbin/rmmod', '/usr/sbin/modprobe', '/usr/bin/chcon', '/usr/bin/setfacl', '/usr/bin/chacl', '/usr/sbin/usermod', '/var/log/wtmp', '/var/log/btmp', '/etc/NetworkManager', '/etc/sysconfig/network'],
    remediation: (p) => `Add the following line to a file in /etc/audit/rules.d/:\n-w ${p} -p wa -k identity`,
    rationale: (p) => DEFAULT_RATIONALE(`auditing of ${p}`),
  },
  {
    statement: (p) => `Status of the '${p}' package`,
    category: 'Software Management',
    subCategory: 'Installed Packages',
    criticality: 'MINIMAL',
    key: (p) => `linux.package.${p}`,
    dp: () => ({
      v: [],
      l: 0,
      description: 'The following List String value <b>X</b> indicates the installed versions of the package as reported by <b>rpm -q</b>.',
      op: 'xre',
      cd: 'empty',
      fv: fv('1', '1', 'Package not installed', 'rpm not found'),
    }),
    samples: { pass: [[]], fail: [['__P__-1.2.3-4.el8.x86_64']] },
    params: ['telnet', 'ypbind', 'rsh', 'talk', 'openldap-clients', 'xorg-x11-server-common', 'setroubleshoot', 'mcstrans'],
    remediation: (p) => `Run the following command to remove the package:\ndnf remove ${p}`,
    rationale: (p) => DEFAULT_RATIONALE(`the ${p} package`),
  },
  {
    statement: (p) => `Current list of '${p}' entries`,
    category: 'Access Control Requirements',
    subCategory: 'Account Creation/User Management',
    criticality: 'UNDEFINED',
    key: (p) => `linux.accounts.${p.replace(/\s+/g, '_')}`,
    dp: () => ({
      v: ['root', 'sync', 'shutdown', 'halt'],
      l: 0,
      description: 'The following List String value <b>X</b> indicates the accounts found on the host.',
      op: 'xeq',
      cd: 'match',
      fv: fv('0', '0'),
    }),
    samples: { pass: [['root', 'sync', 'shutdown', 'halt']], fail: [['root', 'sync', 'games']] },
    params: ['UID 0 accounts', 'shell accounts'],
    remediation: () => 'Review the accounts and remove or lock those not needed by the business.',
    rationale: () => DEFAULT_RATIONALE('local accounts'),
  },
];

function sshdDesc(p: string): string {
  return `The following String value <b>X</b> indicates the current value of the <b>${p}</b> setting in the <b>/etc/ssh/sshd_config</b> file.`;
}

const WINDOWS_TEMPLATES: readonly Template[] = [
  {
    statement: (p) => `Status of the '${p}' setting`,
    category: 'Access Control Requirements',
    subCategory: 'Security Options',
    criticality: 'CRITICAL',
    key: (p) => `win.secopt.${p.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`,
    dp: (p) => ({
      v: ['1'],
      l: 0,
      description: `This Integer value <B>X</B> indicates the current status of the <B>${p}</B> setting. A value of <B>0</B> indicates the setting is <B>Disabled</B>; a value of <B>1</B> indicates the setting is <B>Enabled</B>.`,
      op: 'eq',
      fv: [{ value: FILE_NOT_FOUND, set: '0', description: 'Key not found' }],
    }),
    samples: { pass: [['1']], fail: [['0']] },
    params: ['Accounts: Limit local account use of blank passwords to console logon only', 'Audit: Force audit policy subcategory settings', 'Domain member: Digitally encrypt or sign secure channel data (always)', 'Interactive logon: Do not require CTRL+ALT+DEL', 'Microsoft network client: Digitally sign communications (always)', 'Network security: Do not store LAN Manager hash value on next password change', 'User Account Control: Admin Approval Mode for the Built-in Administrator account', 'User Account Control: Run all administrators in Admin Approval Mode', 'System cryptography: Use FIPS compliant algorithms', 'Network access: Do not allow anonymous enumeration of SAM accounts'],
    remediation: (p) => `To establish the recommended configuration via GP, set the following UI path to Enabled: Computer Configuration\\Policies\\Windows Settings\\Security Settings\\Local Policies\\Security Options\\${p}`,
    rationale: (p) => DEFAULT_RATIONALE(`the '${p}' security option`),
  },
  {
    statement: (p) => `Status of the '${p}' setting (account policy)`,
    category: 'Access Control Requirements',
    subCategory: 'Authentication/Passwords',
    criticality: 'URGENT',
    key: (p) => `win.auth.${p.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`,
    dp: (p) => ({
      v: p === 'Maximum password age' ? ['1', '60'] : p === 'Account lockout threshold' ? ['5'] : ['24'],
      l: 0,
      description: `The following Integer value <B>X</B> indicates the current status of the <B>${p}</B> setting for local accounts.`,
      op: p === 'Maximum password age' ? 'range' : p === 'Account lockout threshold' ? 'le' : 'ge',
      fv: [{ value: SETTING_NOT_FOUND, set: '0', description: 'Attribute not found' }],
    }),
    samples: { pass: [['__OK__']], fail: [['__BAD__']] },
    params: ['Enforce password history', 'Maximum password age', 'Account lockout threshold'],
    remediation: (p) => `To establish the recommended configuration via GP, set Computer Configuration\\Policies\\Windows Settings\\Security Settings\\Account Policies\\${p}.`,
    rationale: (p) => DEFAULT_RATIONALE(`the '${p}' account policy`),
  },
  {
    statement: (p) => `Status of the '${p}' audit policy`,
    category: 'Logging and Auditing',
    subCategory: 'Audit Policy',
    criticality: 'MEDIUM',
    key: (p) => `win.auditpol.${p.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`,
    dp: (p) => ({
      v: ['Success', 'Success and Failure'],
      l: 0,
      description: `The following String value <B>X</B> indicates the audit setting of the <B>${p}</B> subcategory as reported by <B>auditpol</B>.`,
      op: 'in',
      fv: [{ value: SETTING_NOT_FOUND, set: '0', description: 'Setting not found' }],
    }),
    samples: { pass: [['Success and Failure'], ['Success']], fail: [['No Auditing']] },
    params: ['Credential Validation', 'Security Group Management', 'User Account Management', 'Process Creation', 'Account Lockout', 'Logoff', 'Logon', 'Special Logon', 'Removable Storage', 'Audit Policy Change', 'Sensitive Privilege Use', 'Security System Extension'],
    remediation: (p) => `Configure Advanced Audit Policy Configuration\\${p} to include Success and Failure.`,
    rationale: (p) => DEFAULT_RATIONALE(`auditing of ${p}`),
  },
  {
    statement: (p) => `Status of the '${p}' user right`,
    category: 'Access Control Requirements',
    subCategory: 'User Rights',
    criticality: 'SERIOUS',
    key: (p) => `win.userright.${p.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`,
    dp: () => ({
      v: ['(?i)^Administrators$', '(?i)^Backup Operators$'],
      l: 0,
      description: 'The following List String value <B>X</B> indicates the accounts or groups granted this user right.',
      op: 'xre',
      cd: 'is contained in',
      fv: [{ value: SETTING_NOT_FOUND, set: '1', description: 'No one' }],
    }),
    samples: { pass: [['Administrators'], ['Administrators', 'Backup Operators']], fail: [['Administrators', 'Everyone']] },
    params: ['Back up files and directories', 'Restore files and directories', 'Take ownership of files or other objects', 'Debug programs', 'Load and unload device drivers', 'Manage auditing and security log', 'Force shutdown from a remote system'],
    remediation: (p) => `Set Computer Configuration\\Policies\\Windows Settings\\Security Settings\\Local Policies\\User Rights Assignment\\${p} to Administrators.`,
    rationale: (p) => DEFAULT_RATIONALE(`the '${p}' user right`),
  },
  {
    statement: (p) => `Status of the '${p}' Windows service`,
    category: 'Services',
    subCategory: 'Guidelines/Procedures (Services)',
    criticality: 'MEDIUM',
    key: (p) => `win.service.${p.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`,
    dp: () => ({
      v: ['Disabled'],
      l: 0,
      description: 'The following String value <B>X</B> indicates the startup type of the service.',
      op: 'eq',
      fv: [{ value: FILE_NOT_FOUND, set: '1', description: 'Service not found' }],
    }),
    samples: { pass: [['Disabled']], fail: [['Automatic'], ['Manual']] },
    params: ['Remote Registry', 'Print Spooler', 'Xbox Live Auth Manager', 'Routing and Remote Access', 'SNMP Service', 'Simple TCP/IP Services', 'Telnet', 'Windows Remote Management (WS-Management)'],
    remediation: (p) => `Set the startup type of the '${p}' service to Disabled.`,
    rationale: (p) => DEFAULT_RATIONALE(`the '${p}' service`),
  },
];

const APP_TEMPLATES: Record<'macos' | 'database' | 'dns', readonly Template[]> = {
  macos: [
    {
      statement: (p) => `Status of the '${p}' preference`,
      category: 'System Settings',
      subCategory: 'Preferences',
      criticality: 'SERIOUS',
      key: (p) => `mac.defaults.${p.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`,
      dp: () => ({ v: ['1'], l: 0, description: 'The following Integer value <B>X</B> indicates the value of the preference as reported by <B>defaults read</B>.', op: 'eq', fv: fv('0', '0') }),
      samples: { pass: [['1']], fail: [['0']] },
      params: ['Automatic update check', 'Gatekeeper', 'Firewall', 'Screen saver password', 'FileVault', 'Stealth mode', 'Remote Apple Events disabled', 'Bluetooth sharing disabled'],
      remediation: (p) => `Enable '${p}' in System Preferences or with a configuration profile.`,
      rationale: (p) => DEFAULT_RATIONALE(`the '${p}' preference`),
    },
  ],
  database: [
    {
      statement: (p) => `Status of the '${p}' database parameter`,
      category: 'Database Security',
      subCategory: 'Configuration Parameters',
      criticality: 'SERIOUS',
      key: (p) => `db.param.${p.toLowerCase()}`,
      dp: () => ({ v: ['(?i)^(OFF|0|FALSE)$'], l: 0, description: 'The following List String value <B>X</B> indicates the value of the database parameter.', op: 're', cd: 'match all', fv: fv('0', '0', 'Parameter not found', 'Database not reachable') }),
      samples: { pass: [['OFF']], fail: [['ON']] },
      params: ['LOCAL_INFILE', 'SKIP_GRANT_TABLES', 'DISCOVER_DB', 'TRUST_ALLCLNTS', 'OLD_PASSWORDS', 'SYMBOLIC_LINKS', 'AUTHENTICATION_SERVER_FALLBACK'],
      remediation: (p) => `Set ${p} to OFF in the database configuration and restart the instance.`,
      rationale: (p) => DEFAULT_RATIONALE(`the ${p} parameter`),
    },
  ],
  dns: [
    {
      statement: (p) => `Status of the '${p}' option in named.conf`,
      category: 'Network Services',
      subCategory: 'DNS',
      criticality: 'MEDIUM',
      key: (p) => `bind.option.${p.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`,
      dp: () => ({ v: ['none', 'localhost'], l: 0, description: 'The following List String value <B>X</B> indicates the value of the option.', op: 'xeq', cd: 'intersect', fv: fv('0', '0', 'Option not found', 'named.conf not found') }),
      samples: { pass: [['none']], fail: [['any']] },
      params: ['allow-transfer', 'allow-recursion', 'allow-query-cache', 'allow-update'],
      remediation: (p) => `Set '${p} { none; };' in the options block of named.conf.`,
      rationale: (p) => DEFAULT_RATIONALE(`the '${p}' option`),
    },
  ],
};

/** Turn template placeholders into concrete sample values for a given data point. */
function concreteSamples(s: CollectionSamples, dp: DataPoint, param: string): CollectionSamples {
  const v0 = dp.v[0] ?? '';
  const n = Number(v0);
  const ok = (): string => {
    switch (dp.op) {
      case 'ge': return String(n + 2);
      case 'le': return String(Math.max(0, n - 5));
      case 'gt': return String(n + 60);
      case 'lt': return String(Math.max(0, n - 1));
      case 'range': return String(Math.round((Number(dp.v[0]) + Number(dp.v[1])) / 2));
      case 'ne': return v0 === 'yes' ? 'no' : `${v0}-other`;
      case 'in': return v0;
      case 're': return dp.cd === 'match none' ? 'Banner /etc/issue.net' : dp.cd === 'not empty' ? 'nobody' : 'aes256-ctr';
      default: return v0;
    }
  };
  const bad = (): string => {
    switch (dp.op) {
      case 'ge': case 'gt': return String(n - 1);
      case 'le': case 'lt': return String(n + 30);
      case 'range': return String(Number(dp.v[1]) + 6);
      case 'ne': return v0;
      case 'in': return 'QUIET';
      case 're': return dp.cd === 'match none' ? 'none' : dp.cd === 'not empty' ? '' : '3des-cbc';
      default: return v0 === '0' ? '1' : v0 === 'no' ? 'yes' : '0';
    }
  };
  const fill = (list: readonly (readonly string[])[]): string[][] =>
    list.map((vals) =>
      vals
        .map((x) => x.replace('__V0__', v0).replace('__NOT_V0__', v0 === '0' ? '1' : '0').replace('__OK__', ok()).replace('__BAD__', bad()).replace('__P__', param))
        .filter((x) => x !== ''),
    );
  return { pass: fill(s.pass), fail: fill(s.fail) };
}

function generate(family: Family, templates: readonly Template[], firstId: number): number[] {
  const techIds = techsOf(family);
  const ids: number[] = [];
  let id = firstId;
  for (const t of templates) {
    for (const param of t.params) {
      const k = t.key(param);
      const base: DataPoint = { k, ...t.dp(param) };
      addControl({
        controlId: id,
        statement: t.statement(param),
        criticality: t.criticality,
        category: t.category,
        subCategory: t.subCategory,
        technologies: techIds.map((technologyId) => ({
          technologyId,
          technologyName: technologyName(technologyId),
          evaluate: { dp: structuredClone(base) },
          remediation: t.remediation(param),
          rationale: t.rationale(param),
        })),
      });
      addSamples(k, concreteSamples(t.samples, base, param));
      ids.push(id++);
    }
  }
  return ids;
}

/** Generated control ids per family, in catalog order. */
export const GENERATED: Readonly<Record<Family, readonly number[]>> = {
  linux: generate('linux', LINUX_TEMPLATES, 30001),
  debian: generate('debian', LINUX_TEMPLATES.slice(0, 6), 35001),
  windows: generate('windows', WINDOWS_TEMPLATES, 40001),
  macos: generate('macos', APP_TEMPLATES.macos, 47001),
  database: generate('database', APP_TEMPLATES.database, 48001),
  dns: generate('dns', APP_TEMPLATES.dns, 49001),
};

export function controlDefinition(controlId: number): ControlDefinition | undefined {
  return catalog.get(controlId);
}

export function allControlDefinitions(): ControlDefinition[] {
  return [...catalog.values()];
}

export function collectionSamples(key: string): CollectionSamples | undefined {
  return samples.get(key);
}

export const FIXED_SENTINELS = { settingNotFound: SETTING_NOT_FOUND, fileNotFound: FILE_NOT_FOUND } as const;
