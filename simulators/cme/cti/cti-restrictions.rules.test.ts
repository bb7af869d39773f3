import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CSTA_NAMESPACES } from '../../csta/csta-namespaces.ts';
import { ok, refused } from '../../lab/result.ts';
import { ephoneModel } from '../../station/phone-models.ts';
import type { CtiClientKind } from '../../tr87/cti-backend.ts';
import { CtiError } from './cti-errors.ts';
import type { CtiDn, CtiEphone } from './cti-ports.ts';
import { CtiRestrictions } from './cti-restrictions.ts';
import { CtiSession } from './cti-session.ts';

/**
 * CtiRestrictions on its ports alone: each rule of CME CSTA guide ("Configure a Number or Device for
 * CTI CSTA Operations", its "Restriction" list, `cti watch` / `cti notify`) shown on a DN built
 * for it, with the CSTA error and the reason of each refusal. Phone models come from the CME's
 * own catalog (simulators/station/phone-models.ts), as cti-host.ts wires them.
 */
const dn = (tag: number, number: string, watch = true, notify = false): CtiDn => ({
  tag,
  number,
  ctiWatch: watch,
  ctiNotify: notify,
});
const ephone = (
  tag: number,
  model: string | undefined,
  dnTags: number[],
  logoutProfile?: number,
): CtiEphone => ({
  tag,
  deviceName: `SEP00000000000${tag}`,
  model,
  logoutProfile,
  buttons: dnTags.map((t) => ({ dnTags: [t] })),
});

const DNS = [
  dn(1, '201'), // on a 7961
  dn(2, '202'), // on a 7961 too: another line
  dn(3, '203'), // shared by a 7961 and an ATA
  dn(4, '204'), // on an ATA only
  dn(5, '205'), // on a CIPC (softphone) only
  dn(6, '206'), // on an ephone without `type`
  dn(7, '207'), // on an ephone of a type the catalog does not know
  dn(8, '208', true, true), // phoneless, cti notify
  dn(9, '209', true, false), // phoneless, no cti notify
  dn(10, '210', false), // no cti watch
  dn(11, '211'), // overlay
  dn(12, '212'), // shared by a 7961 and a 7921 (no prompted make-call)
  dn(13, '213'), // on a 7921 only
  dn(14, '214'), // configured, but the call model has no such device
  dn(15, '215'), // on an unconfigured ephone tag only (a stale appearance)
];
const EPHONES = [
  ephone(1, '7961', [1, 3, 12]),
  ephone(2, '7961', [2]),
  ephone(3, 'ATA', [3, 4]),
  ephone(4, 'CIPC', [5]),
  ephone(5, undefined, [6]),
  ephone(6, '9999', [7]),
  ephone(7, '7961', [11]),
  ephone(8, '7921', [12, 13]),
];
/** Numbers the shared call model knows: every DN but 214, and 301 of another node. */
const MODEL = new Set([...DNS.map((d) => d.number).filter((n) => n !== '214'), '301']);

function restrictions(emUser: (tag: number) => string | undefined = () => undefined): CtiRestrictions {
  const tagOf = (number: string) => DNS.find((d) => d.number === number)?.tag;
  const appearancesOf = (number: string) => {
    if (number === '215') return [{ ephoneTag: 99, deviceName: 'SEP000000000099' }];
    const tag = tagOf(number);
    return EPHONES.filter((e) => e.buttons.some((b) => tag !== undefined && b.dnTags.includes(tag))).map(
      (e) => ({ ephoneTag: e.tag, deviceName: e.deviceName }),
    );
  };
  return new CtiRestrictions(
    {
      dns: new Map(DNS.map((d) => [d.tag, d])),
      ephones: new Map(EPHONES.map((e) => [e.tag, e])),
      phoneModel: ephoneModel,
    },
    {
      appearancesOf,
      isShared: (number) => appearancesOf(number).length > 1,
      isOverlay: (number) => number === '211',
      setLineButtons: () => {},
    },
    { hasDevice: (number) => MODEL.has(number) },
    emUser,
  );
}

function session(client: CtiClientKind, line: string): CtiSession {
  return new CtiSession({
    id: 1,
    user: 'user',
    line,
    dn: line,
    client,
    registerId: client === 'session-manager' ? 'apps' : undefined,
    namespace: CSTA_NAMESPACES.ed3,
    via: undefined,
    now: 0,
  });
}

describe('CtiRestrictions: which device ids name a DN of this CME', () => {
  const r = restrictions();
  test('a DN is an ephone-dn number the call model knows, in any device id form', () => {
    assert.equal(r.dnOf('201'), '201');
    assert.equal(r.dnOf('tel:201;phone-context=dialstring'), '201');
    assert.equal(r.dnOf('sip:201@10.0.0.1'), '201');
  });
  test('a number of the call model that is no ephone-dn here (another node) is no DN of this CME', () => {
    assert.equal(r.dnOf('301'), undefined);
  });
  test('an ephone-dn the call model does not hold is no controllable DN', () => {
    assert.equal(r.dnOf('214'), undefined);
  });
  test('a device id without a dialable number, or not a string, names no DN', () => {
    for (const id of ['sip:alice@host', '', 'tel:', 201, undefined, null, { deviceID: '201' }])
      assert.equal(r.dnOf(id), undefined, `device id ${JSON.stringify(id)}`);
  });
});

describe('CtiRestrictions.check: the refusals of CME CSTA guide, in order', () => {
  const r = restrictions();
  const generic = (line: string) => session('generic', line);
  const manager = session('session-manager', '201');

  test('a number that is no DN of this CME is an invalid device, even for a session manager', () => {
    assert.deepEqual(
      r.check(manager, '299'),
      refused(CtiError.invalidDevice, '299 is not a directory number of this CME'),
    );
    assert.deepEqual(
      r.check(manager, '214'),
      refused(CtiError.invalidDevice, '214 is not a directory number of this CME'),
    );
    // 301 is a device of the shared call model, but of another node.
    assert.deepEqual(
      r.check(manager, '301'),
      refused(CtiError.invalidDevice, '301 is not a directory number of this CME'),
    );
  });

  test('MOC and generic clients control only their own line (TR/87: the dialog To is the line)', () => {
    assert.deepEqual(
      r.check(generic('201'), '202'),
      refused(CtiError.notPermitted, 'a generic session controls only 201'),
    );
    assert.deepEqual(
      r.check(session('moc', '202'), '201'),
      refused(CtiError.notPermitted, 'a moc session controls only 202'),
    );
    assert.deepEqual(r.check(generic('202'), '202'), ok());
  });

  test('a session manager may control any CTI DN (CME CSTA guide "Create a Session Manager")', () => {
    for (const number of ['201', '202', '203', '208'])
      assert.deepEqual(r.check(manager, number), ok(), number);
  });

  test('cti watch: a DN without it is refused (CME CSTA guide Step 6)', () => {
    assert.deepEqual(r.check(manager, '210'), refused(CtiError.notPermitted, '210 has no cti watch'));
  });

  test('overlay DNs are not supported for a CSTA client (CME CSTA guide Restriction)', () => {
    assert.deepEqual(r.check(manager, '211'), refused(CtiError.incompatibleDevice, '211 is an overlay DN'));
  });

  test('a phoneless DN needs cti notify (CME CSTA guide Step 7)', () => {
    assert.deepEqual(r.check(generic('208'), '208'), ok());
    assert.deepEqual(
      r.check(generic('209'), '209'),
      refused(CtiError.deviceOutOfService, '209 has no phone and no cti notify'),
    );
  });

  test('only SCCP IP phones can be controlled (CME CSTA guide Restriction): a DN on an ATA alone is refused', () => {
    assert.deepEqual(
      r.check(generic('204'), '204'),
      refused(CtiError.incompatibleDevice, '204 is on no SCCP IP phone'),
    );
    // An appearance on an ephone the configuration does not hold is no phone at all.
    assert.deepEqual(
      r.check(generic('215'), '215'),
      refused(CtiError.deviceOutOfService, '215 has no phone and no cti notify'),
    );
  });

  test('a DN shared by an SCCP IP phone and an ATA is controlled through the IP phone', () => {
    assert.deepEqual(r.check(generic('203'), '203'), ok());
  });

  test('a softphone (CIPC), an ephone without type and one of an unknown type count as SCCP IP phones', () => {
    for (const number of ['205', '206', '207'])
      assert.deepEqual(r.check(generic(number), number), ok(), number);
  });

  test('shared lines are refused for MOC clients only (CME CSTA guide Restriction)', () => {
    assert.deepEqual(
      r.check(session('moc', '203'), '203'),
      refused(CtiError.incompatibleDevice, '203 is a shared line (MOC client)'),
    );
    assert.deepEqual(r.check(generic('203'), '203'), ok());
    assert.deepEqual(r.check(session('moc', '202'), '202'), ok());
  });
});

describe('CtiRestrictions.promptAllowed: prompted MakeCall (CME CSTA guide Restriction)', () => {
  const r = restrictions();
  const allowed = (client: CtiClientKind, number: string) => r.promptAllowed(session(client, number), number);

  test('allowed on a DN whose SCCP IP phones all support it', () => {
    assert.equal(allowed('generic', '202'), true);
    assert.equal(allowed('session-manager', '202'), true);
  });
  test('never for a MOC client', () => {
    assert.equal(allowed('moc', '202'), false);
  });
  test('not on a 792X, nor on a DN one of whose IP phones is a 792X', () => {
    assert.equal(allowed('generic', '213'), false);
    assert.equal(allowed('generic', '212'), false);
  });
  test('an ATA sharing the DN does not count: the IP phone is the one prompted', () => {
    assert.equal(allowed('generic', '203'), true);
  });
  test('not on a DN without an SCCP IP phone: an ATA alone, or no phone at all (nobody to alert)', () => {
    assert.equal(allowed('generic', '204'), false);
    assert.equal(allowed('generic', '208'), false);
  });
  test('a softphone, and an ephone of unknown or no type, are taken as able to be prompted', () => {
    for (const number of ['205', '206', '207']) assert.equal(allowed('generic', number), true, number);
  });
});

describe('CtiRestrictions.isSccpIpPhone', () => {
  const r = restrictions();
  test('IP phones and softphones yes; ATA, VG224 and analog ports no; an unknown type is taken as an IP phone', () => {
    const kinds = ['7961', '7921', 'CIPC', 'ATA', 'VG224', 'anl', undefined, '9999'].map((m) =>
      r.isSccpIpPhone(ephone(1, m, [])),
    );
    assert.deepEqual(kinds, [true, true, true, false, false, false, true, true]);
  });
});
