import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { dnByNumber, ephoneByDeviceName, parseIosConfig } from './ios-config.ts';

const lab = (name: string) => readFileSync(new URL(`../../../labs/${name}`, import.meta.url), 'utf8');

describe('CME CSTA guide "Example for Configuring MOC Client" (labs/cme-moc.cfg)', () => {
  const text = lab('cme-moc.cfg');
  const config = parseIosConfig(text);

  it('reads hostname and telephony-service', () => {
    assert.equal(config.hostname, 'sdatar-2811s');
    const ts = config.telephonyService!;
    assert.equal(ts.maxEphones, 10);
    assert.equal(ts.maxDn, 100);
    assert.deepEqual(
      { address: ts.ipSourceAddress?.address, port: ts.ipSourceAddress?.port },
      { address: '10.0.0.1', port: 2000 },
    );
    assert.equal(ts.keepalive, 30);
    assert.equal(ts.transferSystem, 'full-consult');
    assert.equal(ts.maxConferences, 8);
    assert.equal(ts.conferenceGain, -6);
    assert.deepEqual(ts.emLogout, ['1:0']);
    assert.equal(ts.cnfFileLocation, 'flash:');
    assert.equal(ts.cnfFileGranularity, 'perphone');
    assert.equal(ts.createCnfFiles?.versionStamp, 'Jan 01 2002 00:00:00');
    assert.deepEqual(ts.secondaryCallManagers, []);
  });

  it('reads the ephones with normalised MACs, types and buttons', () => {
    assert.deepEqual([...config.ephones.keys()], [1, 2, 3]);
    const e1 = config.ephones.get(1)!;
    assert.equal(e1.macAddress, '001E4A34A35F');
    assert.equal(e1.deviceName, 'SEP001E4A34A35F');
    assert.equal(e1.type, '7961');
    assert.equal(e1.buttons.length, 1);
    assert.deepEqual(
      { index: e1.buttons[0]!.index, kind: e1.buttons[0]!.kind, dns: e1.buttons[0]!.dnTags },
      {
        index: 1,
        kind: 'normal',
        dns: [1],
      },
    );
    assert.equal(config.ephoneDns.get(1)!.number, '201');
    assert.equal(config.ephones.get(2)!.macAddress, '000F8FC7B681');
    assert.equal(config.ephones.get(2)!.type, '7960');
    const e3 = config.ephones.get(3)!;
    assert.equal(e3.macAddress, '0019E7FF1E30');
    assert.equal(e3.logoutProfile, 1);
    assert.deepEqual(e3.buttons, []);
    assert.equal(ephoneByDeviceName(config, 'sep000f8fc7b681')?.tag, 2);
  });

  it('reads the DNs with cti watch / cti notify', () => {
    assert.deepEqual(
      [...config.ephoneDns.values()].map((d) => [d.tag, d.number, d.ctiWatch, d.ctiNotify, d.lineMode]),
      [
        [1, '201', true, false, 'single-line'],
        [2, '202', true, false, 'single-line'],
        [3, '203', true, false, 'single-line'],
        [4, '204', true, true, 'single-line'],
      ],
    );
    assert.equal(dnByNumber(config, '204')?.tag, 4);
  });

  it('reads voice service voip: no cti shutdown, cti csta mode basic', () => {
    const v = config.voiceServiceVoip!;
    assert.equal(v.ctiShutdown, false);
    assert.equal(v.ctiCstaModeBasic, true);
    assert.deepEqual(v.allowConnections, [{ from: 'sip', to: 'sip' }]);
    assert.deepEqual(v.supplementaryServicesDisabled, ['sip moved-temporarily', 'sip refer']);
    assert.equal(v.callmonitor, false);
    assert.equal(v.gcid, false);
    assert.equal(v.sipRegistrar, undefined);
  });

  it('reads the EM profiles', () => {
    assert.deepEqual(
      config.voiceLogoutProfiles.get(1)?.numbers.map((n) => [n.number, n.type]),
      [['203', 'normal']],
    );
    const user = config.voiceUserProfiles.get(1)!;
    assert.deepEqual([user.user, user.password], ['user204', 'psswrd']);
    assert.deepEqual(
      user.numbers.map((n) => [n.number, n.type]),
      [['204', 'normal']],
    );
  });

  it('keeps the rest verbatim with line numbers and modes', () => {
    const lines = text.split('\n');
    for (const u of config.unmodelled) assert.equal(lines[u.line - 1]!.trim(), u.text);
    const find = (t: string) => config.unmodelled.find((u) => u.text === t);
    assert.equal(find('boot system flash c2800nm-ipvoice-mz.oct 20090510')?.mode, 'global');
    assert.deepEqual(
      {
        mode: find('network 10.0.0.0 255.255.255.0')?.mode,
        context: find('network 10.0.0.0 255.255.255.0')?.context,
      },
      { mode: 'ip dhcp pool', context: 'ip dhcp pool test' },
    );
    assert.equal(find('duplex auto')?.context, 'interface FastEthernet0/0');
    assert.equal(find('ip forward-protocol nd')?.mode, 'global');
    assert.equal(find('response size 64')?.context, 'ixi transport http');
    assert.equal(find('hidekeys')?.mode, 'archive');
    // Nothing of the modelled modes leaks into unmodelled.
    assert.equal(
      config.unmodelled.filter((u) => /^(number|cti|button|type|mac-address)\b/.test(u.text)).length,
      0,
    );
  });

  it('derives relations: no shared or overlay DNs, DN -> ephones, ephone -> lines', () => {
    assert.deepEqual(config.relations.sharedDnTags, []);
    assert.deepEqual(config.relations.overlayDnTags, []);
    assert.deepEqual(
      [...config.relations.dnEphones],
      [
        [1, [1]],
        [2, [2]],
      ],
    );
    assert.deepEqual([...config.relations.ephoneLines.get(1)!], [[1, [1]]]);
    assert.deepEqual([...config.relations.ephoneLines.get(3)!], []);
  });
});

describe('CME CSTA guide "Example for Configuring CSTA Client Application Requiring a Session Manager"', () => {
  const text = lab('cme-session-manager.cfg');
  const config = parseIosConfig(text);

  it('reads the session server and voice register global', () => {
    const s = config.voiceRegisterSessionServers.get(1)!;
    assert.deepEqual([s.keepalive, s.registerId, s.ctiAware], [60, 'apps', true]);
    assert.equal(config.voiceRegisterGlobal?.mode, 'cme');
    assert.deepEqual(config.voiceRegisterGlobal?.sourceAddress, { address: '10.0.0.1', port: 5060 });
  });

  it('reads voice service voip, including the flattened registrar server', () => {
    const v = config.voiceServiceVoip!;
    assert.equal(v.ctiShutdown, false);
    assert.equal(v.ctiCstaModeBasic, false);
    assert.equal(v.sipRegistrar?.expiresMax, 120);
    assert.equal(v.sipRegistrar?.expiresMin, 60);
  });

  it('keeps the `csta cti mode basic` typo as unmodelled in voice service voip', () => {
    const typo = config.unmodelled.find((u) => u.text === 'csta cti mode basic');
    const line = text.split('\n').indexOf('csta cti mode basic') + 1;
    assert.deepEqual(typo, {
      line,
      text: 'csta cti mode basic',
      mode: 'voice-service-voip',
      context: 'voice service voip',
    });
    assert.equal(line, 27);
  });

  it('reads the same phones and DNs as the MOC example', () => {
    assert.equal(config.ephones.get(1)!.macAddress, '001E4A34A35F');
    assert.equal(config.ephoneDns.get(4)!.number, '204');
    assert.equal(config.ephoneDns.get(4)!.ctiNotify, true);
    assert.equal(config.ephoneDns.get(4)!.ctiWatch, true);
    assert.equal(config.voiceUserProfiles.get(1)!.password, 'cisco');
  });
});

describe('labs/cme-basic.cfg', () => {
  const config = parseIosConfig(lab('cme-basic.cfg'));

  it('has the lab telephony-service settings', () => {
    const ts = config.telephonyService!;
    assert.deepEqual(
      [ts.maxEphones, ts.maxDn, ts.ipSourceAddress?.address, ts.ipSourceAddress?.port, ts.keepalive],
      [24, 48, '127.0.0.1', 2000, 30],
    );
    assert.equal(ts.transferSystem, 'full-consult');
    assert.equal(ts.maxConferences, 8);
    assert.equal(config.voiceServiceVoip?.ctiShutdown, false);
    assert.deepEqual(config.unmodelled, []);
  });

  it('has DNs 1001..1008 under cti watch, one dual-line, one forwarded', () => {
    const dns = [...config.ephoneDns.values()];
    assert.deepEqual(
      dns.map((d) => d.number),
      ['1001', '1002', '1003', '1004', '1005', '1006', '1007', '1008'],
    );
    assert.ok(dns.every((d) => d.ctiWatch));
    assert.deepEqual(
      dns.filter((d) => d.dualLine).map((d) => d.number),
      ['1008'],
    );
    const fwd = dnByNumber(config, '1003')!.callForward;
    assert.equal(fwd.busy, '1001');
    assert.deepEqual(fwd.noAnswer, { number: '1001', timeout: 10 });
  });

  it('reads the same model with its indentation removed (the flattened form of CME CSTA guide)', () => {
    const flat = lab('cme-basic.cfg')
      .split('\n')
      .map((l) => l.trim())
      .join('\n');
    assert.deepEqual(parseIosConfig(flat), config);
  });

  it('has a shared line and an overlay', () => {
    assert.deepEqual(config.relations.sharedDnTags, [4]);
    assert.deepEqual(config.relations.dnEphones.get(4), [1, 2]);
    assert.deepEqual(config.relations.overlayDnTags, [5, 6]);
    assert.deepEqual(config.relations.ephoneLines.get(3)?.get(1), [5, 6]);
    assert.deepEqual(
      [...config.ephones.values()].map((e) => e.type),
      ['7961', '7965', '7942', '7961', '7965'],
    );
  });
});

describe('ephone-dn-template: cti watch / cti notify (CME CSTA guide Steps 6-7)', () => {
  const text = [
    'ephone-dn-template 1',
    ' cti watch',
    ' cti notify',
    ' call-forward busy 500',
    'ephone-dn-template 2',
    ' no cti watch',
    'ephone-dn 1',
    ' number 101',
    ' ephone-dn-template 1',
    'ephone-dn 2',
    ' number 102',
    ' ephone-dn-template 1',
    ' no cti watch',
    'ephone-dn 3',
    ' number 103',
    ' cti watch',
    ' ephone-dn-template 2',
    'ephone-dn 4',
    ' number 104',
    'ephone-dn 5',
    ' number 105',
    ' ephone-dn-template 1',
    ' no ephone-dn-template',
  ];
  const cti = (c: ReturnType<typeof parseIosConfig>) =>
    [...c.ephoneDns.values()].map((d) => [
      d.tag,
      d.template,
      d.ctiWatch,
      d.ctiWatchSource,
      d.ctiNotify,
      d.ctiNotifySource,
    ]);
  const expected = [
    [1, 1, true, 'template', true, 'template'],
    [2, 1, false, 'dn', true, 'template'],
    [3, 2, true, 'dn', false, 'default'],
    [4, undefined, false, 'default', false, 'default'],
    [5, undefined, false, 'default', false, 'default'],
  ];

  it('a DN takes its template settings; its own setting, `no cti watch` included, wins', () => {
    const c = parseIosConfig(text.join('\n'));
    assert.deepEqual(
      [...c.ephoneDnTemplates.values()],
      [
        { tag: 1, line: 1, ctiWatch: true, ctiNotify: true },
        { tag: 2, line: 5, ctiWatch: false, ctiNotify: undefined },
      ],
    );
    assert.deepEqual(cti(c), expected);
    assert.equal(c.ephoneDns.get(2)!.templateLine, 12);
    // Template commands the lab does not model are kept, in the template's mode.
    assert.deepEqual(
      c.unmodelled.map((u) => [u.line, u.mode, u.context]),
      [[4, 'ephone-dn-template', 'ephone-dn-template 1']],
    );
  });

  it('reads the same model flattened (templates precede the DNs, as IOS writes them)', () => {
    const c = parseIosConfig(text.map((l) => l.trim()).join('\n'));
    assert.deepEqual(cti(c), expected);
  });

  it('the order of the DN commands does not matter: the DN setting wins either way', () => {
    const c = parseIosConfig(
      ['ephone-dn-template 3', ' cti watch', 'ephone-dn 9', ' no cti watch', ' ephone-dn-template 3'].join(
        '\n',
      ),
    );
    assert.equal(c.ephoneDns.get(9)!.ctiWatch, false);
    assert.equal(c.ephoneDns.get(9)!.ctiWatchSource, 'dn');
  });
});

describe('modes: flattened and indented configs', () => {
  const indented = [
    'hostname r1',
    'voice service voip',
    ' allow-connections sip to sip',
    ' sip',
    '  registrar server expires max 600 min 60',
    ' no cti shutdown',
    '!',
    'telephony-service',
    ' max-ephones 4',
    ' ip source-address 10.0.0.1 port 2000 secondary 10.0.0.2',
    ' keepalive 45',
    '!',
    'ephone-dn 1 dual-line',
    ' number 100',
    'ephone 1',
    ' mac-address 1111.2222.3333',
    ' button 1:1',
    'ip route 0.0.0.0 0.0.0.0 10.0.0.254',
    'end',
  ];

  it('reads an indented config and the sip sub-mode', () => {
    const c = parseIosConfig(indented.join('\n'));
    assert.equal(c.voiceServiceVoip?.ctiShutdown, false);
    assert.equal(c.voiceServiceVoip?.sipRegistrar?.expiresMax, 600);
    assert.equal(c.telephonyService?.keepalive, 45);
    assert.equal(c.telephonyService?.ipSourceAddress?.secondary, '10.0.0.2');
    assert.deepEqual(c.telephonyService?.secondaryCallManagers, ['10.0.0.2']);
    assert.equal(c.ephoneDns.get(1)?.dualLine, true);
    assert.deepEqual(
      c.unmodelled.map((u) => [u.line, u.mode]),
      [[18, 'global']],
    );
  });

  it('reads the same model when the indentation is removed', () => {
    const a = parseIosConfig(indented.join('\n'));
    const b = parseIosConfig(indented.map((l) => l.trim()).join('\n'));
    assert.deepEqual(b, a);
  });

  it('reads CRLF line ends and a config indented as a whole', () => {
    const a = parseIosConfig(indented.join('\n'));
    const b = parseIosConfig(indented.map((l) => `    ${l}`).join('\r\n'));
    assert.deepEqual(b, a);
  });

  it('a top-level mode command leaves the previous mode; exit leaves one mode', () => {
    const c = parseIosConfig(
      [
        'ephone-dn 1',
        'number 100',
        'ephone-dn 2',
        'number 200',
        'exit',
        'description x',
        'ephone 1',
        'description y',
      ].join('\n'),
    );
    assert.equal(c.ephoneDns.get(2)?.number, '200');
    assert.equal(c.ephoneDns.get(2)?.description, undefined);
    assert.deepEqual(
      c.unmodelled.map((u) => [u.line, u.mode]),
      [[6, 'global']],
    );
    assert.equal(c.ephones.get(1)?.description, 'y');
  });

  it('an unknown command in a flattened mode stays in that mode; a global one leaves it', () => {
    const c = parseIosConfig(['ephone-dn 1', 'huntstop', 'ip http server', 'number 5'].join('\n'));
    assert.deepEqual(
      c.unmodelled.map((u) => [u.text, u.mode]),
      [
        ['huntstop', 'ephone-dn'],
        ['ip http server', 'global'],
        ['number 5', 'global'],
      ],
    );
    assert.equal(c.ephoneDns.get(1)?.number, undefined);
  });

  it('the global `username ... secret` is not read as an ephone username', () => {
    const c = parseIosConfig(
      ['ephone 1', 'username "jdoe" password 1234', 'username admin privilege 15 secret x'].join('\n'),
    );
    assert.deepEqual(c.ephones.get(1)?.username, { name: 'jdoe', password: '1234' });
    assert.equal(c.unmodelled[0]?.mode, 'global');
  });

  it('a multi-line banner is one unmodelled command whose text is never parsed', () => {
    const c = parseIosConfig(['banner motd ^C', 'ephone 1', 'mac-address zz', '^C', 'hostname h'].join('\n'));
    assert.equal(c.ephones.size, 0);
    assert.equal(c.hostname, 'h');
    assert.deepEqual(
      c.unmodelled.map((u) => u.line),
      [1],
    );
  });

  it('re-entering a mode adds to it; re-entering a button index replaces it', () => {
    const c = parseIosConfig(
      [
        'ephone-dn 1',
        'number 1',
        'ephone-dn 2',
        'number 2',
        'ephone 1',
        'button 1:1 2:2',
        'ephone 1',
        'button 1:2',
      ].join('\n'),
    );
    assert.deepEqual(
      c.ephones.get(1)?.buttons.map((b) => [b.index, b.dnTags]),
      [
        [1, [2]],
        [2, [2]],
      ],
    );
  });

  it('applies IOS defaults', () => {
    const c = parseIosConfig(
      'telephony-service\nip source-address 192.168.1.1\nvoice service voip\nvoice register session-server 8',
    );
    assert.equal(c.telephonyService?.keepalive, 30);
    assert.equal(c.telephonyService?.ipSourceAddress?.port, 2000);
    assert.equal(c.voiceServiceVoip?.ctiShutdown, true);
    assert.equal(c.voiceRegisterSessionServers.get(8)?.keepalive, 300);
    assert.equal(c.voiceRegisterSessionServers.get(8)?.ctiAware, false);
  });

  it('reads more telephony-service, ephone-dn and ephone commands', () => {
    const c = parseIosConfig(
      [
        'telephony-service',
        'em external',
        'url services http://app/menu.html root',
        'xml user axl password secret 15',
        'transfer-system full-consult dss',
        'ephone-dn 9 octo-line',
        'number 900 secondary 9000 no-reg primary',
        'name Front Desk',
        'label Desk 900',
        'call-forward all 901',
        'call-forward max-length 4',
        'ephone 2',
        'mac-address 00:1e:4a:34:a3:60',
        'type 7960 addon 1 7914',
        'button 1:9',
      ].join('\n'),
    );
    const ts = c.telephonyService!;
    assert.equal(ts.emExternal, true);
    assert.deepEqual([ts.urlServices?.url, ts.urlServices?.root], ['http://app/menu.html', true]);
    assert.deepEqual(ts.xmlUser, { user: 'axl', password: 'secret', privilege: 15 });
    assert.deepEqual([ts.transferSystem, ts.transferSystemOption], ['full-consult', 'dss']);
    const dn = c.ephoneDns.get(9)!;
    assert.deepEqual(
      [dn.octoLine, dn.number, dn.secondaryNumber, dn.noReg, dn.name, dn.label],
      [true, '900', '9000', 'primary', 'Front Desk', 'Desk 900'],
    );
    assert.deepEqual([dn.callForward.all, dn.callForward.maxLength], ['901', 4]);
    const e = c.ephones.get(2)!;
    assert.deepEqual([e.macAddress, e.type, e.addons], ['001E4A34A360', '7960', ['7914']]);
  });

  it('allows one number on two DNs only with different preferences (IOS hunting)', () => {
    const c = parseIosConfig('ephone-dn 1\nnumber 100\nephone-dn 2\nnumber 100\npreference 1');
    assert.equal(c.ephoneDns.size, 2);
  });
});

describe('labs/cme-features.cfg', () => {
  it('parses, with one ephone more than max-ephones (a registration limit, not a config error)', () => {
    const c = parseIosConfig(lab('cme-features.cfg'));
    assert.equal(c.ephones.size, (c.telephonyService?.maxEphones ?? 0) + 1);
  });
});
