import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConformanceFileError } from './conformance-file-error.ts';
import { loadPics, loadPixit, parseChecked } from './load-pixit.ts';
import { PICS_SCHEMA, picsItems } from './pics-schema.ts';
import { maskedPixit, PIXIT_SCHEMA } from './pixit-schema.ts';

const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof ConformanceFileError, String(e));
    return e.message;
  }
  assert.fail('the file was accepted');
};

test('every shipped PICS and PIXIT loads; a PIXIT brings the PICS it names', () => {
  for (const f of readdirSync('labs/pics')) loadPics(join('labs/pics', f));
  const pixits = readdirSync('labs/pixit');
  assert.deepEqual(pixits.sort(), ['cme-8.6.yaml', 'cme-moc.yaml', 'cucm-14.yaml', 'ucce-12.yaml']);
  const cme = loadPixit('labs/pixit/cme-moc.yaml');
  assert.equal(cme.pixit.target, 'cme');
  assert.deepEqual(cme.pixit.addresses.sccp, { host: '127.0.0.1', port: 2000 });
  // MACs as IOS writes them become the 12 hex digits of the SCCP device name.
  assert.equal(cme.pixit.numbers.phones['1']?.mac, '001E4A34A35F');
  assert.match(cme.pics?.file ?? '', /labs\/pics\/cme-moc\.yaml$/);
  assert.deepEqual([...picsItems(cme.pics!.pics)].sort(), [
    'cme-cti',
    'csta-ed3',
    'csta-ed4',
    'csta-ed6',
    'moc-client',
    'sccp-cme',
    'tcp',
    'udp',
  ]);
  assert.equal(loadPixit('labs/pixit/ucce-12.yaml').pixit.addresses.ctiServer?.sideB?.port, 43027);
});

test('a bad PIXIT is refused with the file, the YAML path and the line', () => {
  const base = ['iut: { vendor: Cisco, product: CME, version: "8.6" }', 'target: cme', 'addresses:'];
  assert.equal(
    refusal(() =>
      parseChecked('x.yaml', [...base, '  sip: { host: a, port: 70000 }'].join('\n'), PIXIT_SCHEMA),
    ),
    'x.yaml:4 (addresses.sip.port): Too big: expected number to be <=65535',
  );
  assert.equal(
    refusal(() =>
      parseChecked('x.yaml', [...base, '  sccp: { host: a, port: 2000, tls: yes }'].join('\n'), PIXIT_SCHEMA),
    ),
    'x.yaml:4 (addresses.sccp): unknown key: tls',
  );
  assert.equal(
    refusal(() =>
      parseChecked(
        'x.yaml',
        [
          ...base,
          '  sccp: { host: a, port: 2000 }',
          'numbers:',
          '  phones:',
          '    "1": { mac: 00AA.BB }',
        ].join('\n'),
        PIXIT_SCHEMA,
      ),
    ),
    'x.yaml:7 (numbers.phones.1.mac): a MAC address is 12 hex digits',
  );
  assert.equal(
    refusal(() =>
      parseChecked(
        'x.yaml',
        base.join('\n').replace('target: cme', 'target: cucm') + '\n  sccp: { host: a, port: 2000 }',
        PIXIT_SCHEMA,
      ),
    ),
    'x.yaml:4 (addresses.sip): a cucm target needs addresses.sip (its IM&P CTI gateway)',
  );
  assert.equal(
    refusal(() =>
      parseChecked(
        'x.yaml',
        [...base, '  sip: { host: a, port: 5060, transport: sctp }'].join('\n'),
        PIXIT_SCHEMA,
      ),
    ),
    'x.yaml:4 (addresses.sip.transport): not one of (tcp, tls, udp)',
  );
  assert.equal(
    refusal(() => parseChecked('x.yaml', 'iut: [\n', PIXIT_SCHEMA)).startsWith('x.yaml:2: not YAML:'),
    true,
  );
});

test('a cucm PIXIT: phones by line on named nodes, users with credentials; a bad one names its line', () => {
  const cucm = loadPixit('labs/pixit/cucm-14.yaml').pixit;
  assert.deepEqual(cucm.numbers.phones['1'], {
    mac: '0000000CA001',
    model: '7961',
    dn: '1001',
    nodes: ['cucm-sub1', 'cucm-pub'],
  });
  assert.deepEqual(cucm.addresses.sccpNodes?.['cucm-pub'], { host: 'cucm-pub.example.net', port: 2000 });
  const base = [
    'iut: { vendor: Cisco, product: CUCM, version: "14" }',
    'target: cucm',
    'addresses:',
    '  sip: { host: a, port: 5060 }',
    '  sccpNodes: { pub: { host: a, port: 2000 } }',
    'numbers:',
  ];
  assert.equal(
    refusal(() =>
      parseChecked(
        'c.yaml',
        [...base, '  phones:', '    "1": { mac: 0000.000C.A001, dn: "1001", nodes: [pub, sub9] }'].join('\n'),
        PIXIT_SCHEMA,
      ),
    ),
    'c.yaml:8 (numbers.phones.1.nodes[1]): no node sub9 in addresses.sccpNodes (pub)',
  );
  assert.equal(
    refusal(() =>
      parseChecked(
        'c.yaml',
        [...base, '  phones:', '    "1": { mac: 0000.000C.A001, nodes: [pub] }'].join('\n'),
        PIXIT_SCHEMA,
      ),
    ),
    'c.yaml:8 (numbers.phones.1): a cucm target names its phones by line: phone 1 needs dn',
  );
  assert.equal(
    refusal(() =>
      parseChecked(
        'c.yaml',
        [...base, '  users: { alice: alice, bob: robert }', 'credentials:', '  alice: { password: x }'].join(
          '\n',
        ),
        PIXIT_SCHEMA,
      ),
    ),
    "c.yaml:7 (numbers.users.bob): user robert has no credentials (a cucm target's gateway asks for SIP digest)",
  );
});

test('a bad PICS names the claim it does not know', () => {
  const text =
    'iut: { vendor: Cisco, product: CME, version: "8.6" }\nprofiles: [cme-cti, sip-trunk]\ntransports: [tcp]\n';
  assert.equal(
    refusal(() => parseChecked('p.yaml', text, PICS_SCHEMA)),
    'p.yaml:2 (profiles[1]): not one of (sccp-cme, cme-cti, cucm-cti, acd-cti)',
  );
});

test('a PIXIT whose PICS is of another IUT is refused; a missing file is named', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pixit-'));
  writeFileSync(
    join(dir, 'pics.yaml'),
    'iut: { vendor: Cisco, product: CUCM, version: "14" }\nprofiles: [cucm-cti]\ntransports: [tcp]\n',
  );
  writeFileSync(
    join(dir, 'pixit.yaml'),
    'iut: { vendor: Cisco, product: CME, version: "8.6" }\npics: pics.yaml\ntarget: cme\naddresses:\n  sccp: { host: a, port: 2000 }\n',
  );
  assert.equal(
    refusal(() => loadPixit(join(dir, 'pixit.yaml'))),
    `${join(dir, 'pixit.yaml')} (iut): the PIXIT is for Cisco CME 8.6, its PICS pics.yaml for Cisco CUCM 14`,
  );
  assert.equal(
    refusal(() => loadPics(join(dir, 'absent.yaml'))),
    `${join(dir, 'absent.yaml')}: cannot read: ENOENT`,
  );
});

test('reports show a PIXIT with every password masked', () => {
  const masked = maskedPixit(loadPixit('labs/pixit/cucm-14.yaml').pixit);
  assert.deepEqual(masked.credentials, {
    alice: { password: '***' },
    bob: { password: '***' },
    carol: { password: '***' },
    dave: { password: '***' },
    'rp-app': { password: '***' },
  });
  assert.doesNotMatch(JSON.stringify(masked), /change-me/);
});
