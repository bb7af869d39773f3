/**
 * Bad input against the CUCM cluster's CTI gateway (labs/cucm-cluster.yaml, real sockets on
 * 127.0.0.1), in the style of simulators/cme/cti/cti-over-sip.fuzz.test.ts: fast-check generated
 * CSTA requests (every request type, arbitrary text, requests naming devices alice does not
 * control) from alice's authenticated session, and set-up INVITE variants (no / garbage
 * Authorization, unknown user, wrong password, missing or undecodable body, bad Session-Expires,
 * users and lines the access control groups refuse). Each gets the right class of SIP status or
 * CSTA error and nothing throws; afterwards a good client (carol) still opens a session, monitors
 * 1001 and sees a call delivered, and no session is left behind.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { decodeCsta } from '../csta/csta-decode.ts';
import { CstaDecodeError } from '../csta/csta-decode-error.ts';
import { encodeCsta } from '../csta/csta-encode.ts';
import { CSTA_EDITIONS, CSTA_NAMESPACES, type CstaNamespace } from '../csta/csta-namespaces.ts';
import { CSTA_REQUESTS, type CstaMessageType } from '../csta/csta-schema.ts';
import type { CstaMessage, CstaRequest } from '../csta/csta-types.ts';
import { SccpPhone } from '../phone/phone.ts';
import { authorizationHeader, challengeValues, chooseChallenge } from '../sip/sip-digest.ts';
import { SipEndpoint } from '../sip/sip-endpoint.ts';
import { SipRequestFailedError } from '../sip/sip-error.ts';
import type { SipResponse } from '../sip/sip-message.ts';
import { messageArbitrary } from '../testing/csta-arbitrary.ts';
import { cucmLabTopology } from '../testing/cucm-lab-topology.ts';
import { collectUncaught } from '../testing/uncaught-errors.ts';
import { Tr87Client } from '../tr87/tr87-client.ts';
import { CstaRequestError } from '../tr87/tr87-errors.ts';
import { CSTA_CONTENT_TYPE } from '../tr87/tr87-server.ts';
import { CucmCluster } from './cucm-cluster.ts';
import type { CucmCti } from './cucm-cti.ts';

const SESSION_NS = CSTA_NAMESPACES.ed3; // Tr87Client's default namespace
const PASSWORDS: Record<string, string> = {
  alice: 'alice-pw',
  bob: 'bob-pw',
  carol: 'carol-pw',
  dave: 'dave-pw',
};

let cluster: CucmCluster;
let cti: CucmCti;
let sip: { host: string; port: number };
let alice: Tr87Client; // the fuzzed session: controls SEP0000000CA001 (1001) only
let inviter: SipEndpoint;
const phones = new Map<string, SccpPhone>();
const uncaught = collectUncaught();

const connect = (user: string, line: string, password = PASSWORDS[user] ?? 'x'): Promise<Tr87Client> =>
  Tr87Client.connect({
    host: sip.host,
    port: sip.port,
    transport: 'tcp',
    user: `sip:${user}@cluster1`,
    line,
    autoRefresh: false,
    credentials: { username: user, password },
  });

before(async () => {
  const t = await cucmLabTopology('cucm-cluster.yaml');
  cluster = new CucmCluster({
    cluster: t.cluster,
    servers: t.servers,
    gateways: t.gateways,
    ports: { 'cucm-pub': 0, 'cucm-sub1': 0, 'cucm-imp': 0 },
    log: () => {},
  });
  const ep = await cluster.start();
  const gw = ep.gateways['cucm-imp']?.sip;
  assert.ok(gw);
  sip = { host: gw.host, port: gw.port };
  const g = cluster.gateways.get('cucm-imp');
  assert.ok(g);
  cti = g.cti;
  for (const spec of t.cluster.phones) {
    const servers = ['cucm-sub1', 'cucm-pub'].map((n) => ep.nodes[n]?.sccp).filter((e) => e !== undefined);
    const phone = new SccpPhone({ mac: spec.name.slice(3), model: spec.model, servers });
    await phone.start();
    phones.set(spec.lines[0]?.dn ?? '', phone);
  }
  alice = await connect('alice', 'tel:1001');
  inviter = await SipEndpoint.start({ name: 'bad-inviter' });
});

after(async () => {
  await alice?.close();
  await inviter?.close();
  await Promise.allSettled([...phones.values()].map((p) => p.stop()));
  await cluster?.stop();
});

const explained =
  <T>(f: (v: T) => Promise<void>) =>
  async (v: T): Promise<void> => {
    try {
      await f(v);
    } catch (e) {
      console.error(e);
      throw e;
    }
  };

/** alice's session is up and the gateway lists it (and only the sessions it should). */
function aliceCarriesOn(): void {
  assert.equal(alice.state, 'active');
  assert.equal(alice.dialog.state, 'confirmed');
  assert.deepEqual(
    cti.sessions().map((s) => s.user),
    ['alice'],
    'no session left behind by a refused INVITE or request',
  );
  assert.deepEqual(uncaught, []);
}

// ------------------------------------------------------------------ property 1: INFO bodies

/** What the gateway must answer one INFO body: a response of its type, or exactly this error. */
function expectedAnswer(body: string): { ns: CstaNamespace; response?: string; error?: unknown } {
  try {
    const d = decodeCsta(body);
    if (!Object.hasOwn(CSTA_REQUESTS, d.message.type))
      return { ns: d.namespace, error: { operation: 'serviceNotSupported' } };
    return { ns: d.namespace, response: `${d.message.type}Response` };
  } catch (e) {
    assert.ok(e instanceof CstaDecodeError, `decodeCsta throws only CstaDecodeError (${String(e)})`);
    return { ns: e.namespace ?? SESSION_NS, error: e.errorCode };
  }
}

const REQUEST_TYPES = Object.keys(CSTA_REQUESTS) as CstaMessageType[];

const arbitraryRequestBody = fc
  .tuple(fc.constantFrom(...REQUEST_TYPES), fc.constantFrom(...CSTA_EDITIONS))
  .chain(([type, edition]) =>
    messageArbitrary(type, edition).map((m: CstaMessage) => {
      try {
        return encodeCsta(m, { namespace: CSTA_NAMESPACES[edition] });
      } catch {
        return `<${type} xmlns="${CSTA_NAMESPACES[edition]}"/>`;
      }
    }),
  );

type InfoCase = { what: string; body: string };

const infoCase: fc.Arbitrary<InfoCase> = fc.oneof(
  { weight: 4, arbitrary: arbitraryRequestBody.map((body) => ({ what: 'request', body })) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }).map((body) => ({ what: 'string', body })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('GetDoNotDisturb', 'MonitorStart', 'SnapshotDevice').chain((root) => {
      const full = encodeCsta(targeted(root, 'tel:1001'), { namespace: SESSION_NS });
      return fc
        .nat({ max: full.length })
        .map((at) => ({ what: `truncated ${root}`, body: full.slice(0, at) }));
    }),
  },
);

async function infoRun(c: InfoCase): Promise<void> {
  const r: SipResponse = await alice.dialog.sendInfo(c.body, { contentType: CSTA_CONTENT_TYPE });
  assert.equal(r.status, 200, `${c.what}: ${r.status} ${r.reason}`);
  const answer = decodeCsta(r.body); // always decodable ECMA-323
  const want = expectedAnswer(c.body);
  assert.equal(answer.namespace, want.ns, `${c.what}: answered in the request's namespace`);
  if (want.error !== undefined) {
    assert.equal(answer.message.type, 'CSTAErrorCode', `${c.what}: ${r.body}`);
    const { type: _t, ...code } = answer.message;
    assert.deepEqual(code, want.error, `${c.what}: error code`);
  } else {
    assert.ok(
      answer.message.type === want.response || answer.message.type === 'CSTAErrorCode',
      `${c.what}: ${answer.message.type} answers a request wanting ${want.response}`,
    );
  }
  aliceCarriesOn();
}

// ---- requests naming a device: the access control groups decide (CUCM-ACG-004)

type Root = 'GetDoNotDisturb' | 'GetForwarding' | 'SnapshotDevice' | 'MonitorStart' | 'SetDoNotDisturb';

function targeted(root: string, device: string): CstaRequest {
  switch (root as Root) {
    case 'GetDoNotDisturb':
      return { type: 'GetDoNotDisturb', device };
    case 'GetForwarding':
      return { type: 'GetForwarding', device };
    case 'SnapshotDevice':
      return { type: 'SnapshotDevice', snapshotObject: device };
    case 'MonitorStart':
      return { type: 'MonitorStart', monitorObject: { deviceObject: device } };
    case 'SetDoNotDisturb':
      return { type: 'SetDoNotDisturb', device, doNotDisturbOn: false };
  }
}

const DEVICES: Record<string, unknown> = {
  'tel:1001': undefined, // alice's own phone: served
  '1001': undefined,
  'tel:1001;device=SEP0000000CA001': undefined,
  'tel:1002': { operation: 'privilegeViolationSpecifiedDevice' },
  'tel:1003': { operation: 'privilegeViolationSpecifiedDevice' },
  'tel:2000': { operation: 'privilegeViolationSpecifiedDevice' },
  'tel:9999': { operation: 'invalidDeviceID' },
  'tel:1001;device=SEP0000000CA002': { operation: 'invalidDeviceID' },
  'sip:1002@cluster1': { operation: 'privilegeViolationSpecifiedDevice' },
};

const targetedCase = fc.record({
  root: fc.constantFrom<Root>(
    'GetDoNotDisturb',
    'GetForwarding',
    'SnapshotDevice',
    'MonitorStart',
    'SetDoNotDisturb',
  ),
  device: fc.constantFrom(...Object.keys(DEVICES)),
});

async function targetedRun(c: { root: Root; device: string }): Promise<void> {
  const want = DEVICES[c.device];
  try {
    const answer = await alice.request(targeted(c.root, c.device));
    assert.equal(want, undefined, `${c.root} ${c.device} must be refused ${JSON.stringify(want)}`);
    assert.equal(answer.type, `${c.root}Response`);
    if (answer.type === 'MonitorStartResponse') await alice.monitorStop(answer.monitorCrossRefID);
  } catch (e) {
    assert.ok(e instanceof CstaRequestError, String(e));
    assert.deepEqual(e.code, want, `${c.root} ${c.device}`);
  }
  aliceCarriesOn();
}

test('property 1: arbitrary CSTA requests from alice get a CSTA answer; alice and the gateway carry on', async () => {
  await fc.assert(fc.asyncProperty(infoCase, explained(infoRun)), {
    numRuns: 150,
    examples: [[{ what: 'empty', body: '' }]],
  });
  await fc.assert(fc.asyncProperty(targetedCase, explained(targetedRun)), { numRuns: 60 });
});

// ------------------------------------------------------------------ property 2: set-up INVITEs

type InviteCase =
  | { kind: 'no-auth' }
  | { kind: 'garbage-auth'; value: string }
  | { kind: 'unknown-user'; user: string }
  | { kind: 'wrong-password'; user: 'alice' | 'carol'; password: string }
  | { kind: 'body'; body: string }
  | { kind: 'session-expires'; value: string }
  | { kind: 'refused'; user: 'alice' | 'bob' | 'dave'; line: string }
  | { kind: 'good' };

const inviteCase: fc.Arbitrary<InviteCase> = fc.oneof(
  fc.constant({ kind: 'no-auth' as const }),
  fc.record({
    kind: fc.constant('garbage-auth' as const),
    value: fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9=", ]{1,40}$/),
      fc.constantFrom('Digest', 'Basic YWxpY2U6YWxpY2UtcHc=', 'Digest username="alice"', 'Digest realm='),
    ),
  }),
  fc.record({
    kind: fc.constant('unknown-user' as const),
    user: fc
      .stringMatching(/^[a-z]{1,8}$/)
      .filter((u) => !['alice', 'bob', 'carol', 'dave', 'rp'].includes(u)),
  }),
  fc.record({
    kind: fc.constant('wrong-password' as const),
    user: fc.constantFrom('alice' as const, 'carol' as const),
    password: fc.stringMatching(/^[a-z0-9-]{0,12}$/).filter((p) => !p.endsWith('-pw')),
  }),
  fc.record({
    kind: fc.constant('body' as const),
    body: fc.oneof(
      fc.constant(''),
      fc.string({ maxLength: 80 }),
      arbitraryRequestBody.filter((b) => !b.includes('RequestSystemStatus')),
    ),
  }),
  fc.record({
    kind: fc.constant('session-expires' as const),
    value: fc.oneof(
      fc.constantFrom('abc', '-5', '1.5', '99999999999', '1800;refresher=nobody'),
      fc.integer({ min: 0, max: 89 }).map(String),
    ),
  }),
  fc.record({
    kind: fc.constant('refused' as const),
    user: fc.constantFrom('alice' as const, 'bob' as const, 'dave' as const),
    line: fc.constantFrom('1001', '1002', '2000', '9999'),
  }),
  fc.constant({ kind: 'good' as const }),
);

const RSS = encodeCsta({ type: 'RequestSystemStatus' }, { namespace: SESSION_NS });

/** Send one set-up INVITE (answering the challenge with `creds` when given); its final status. */
async function setup(
  line: string,
  opts: {
    creds?: { username: string; password: string };
    authorization?: string;
    body?: string;
    sessionExpires?: string;
  },
): Promise<{ status: number; response?: SipResponse }> {
  const target = `sip:${line}@${sip.host}:${sip.port};transport=tcp`;
  const base = (extra: [string, string][]) => ({
    from: `sip:${opts.creds?.username ?? 'fuzz'}@cluster1`,
    to: `tel:${line}`,
    transport: 'tcp' as const,
    body: opts.body ?? RSS,
    contentType: CSTA_CONTENT_TYPE,
    headers: [
      ['Session-Expires', opts.sessionExpires ?? '1800'] as [string, string],
      ...(opts.authorization === undefined
        ? []
        : [['Authorization', opts.authorization] as [string, string]]),
      ...extra,
    ],
  });
  const attempt = async (extra: [string, string][]) => {
    try {
      const dialog = await inviter.invite(target, base(extra));
      return { status: 200, dialog } as const;
    } catch (e) {
      assert.ok(e instanceof SipRequestFailedError, String(e));
      return { status: e.response.status, response: e.response } as const;
    }
  };
  let r = await attempt([]);
  if (r.status === 401 && opts.creds !== undefined && r.response !== undefined) {
    const offer = chooseChallenge(challengeValues(r.response.bytes));
    assert.ok(offer, 'the 401 carries a digest challenge we can answer');
    const authorization = authorizationHeader(offer, { ...opts.creds, method: 'INVITE', uri: target });
    r = await attempt([['Authorization', authorization]]);
  }
  if (r.status === 200 && 'dialog' in r && r.dialog !== undefined) {
    // A session opened: it must be listed, and a BYE must end it.
    assert.equal(cti.sessions().length, 2);
    assert.equal((await r.dialog.bye()).status, 200);
  }
  return { status: r.status, ...('response' in r && r.response ? { response: r.response } : {}) };
}

const p2 = new Map<string, number>();

async function inviteRun(c: InviteCase): Promise<void> {
  p2.set(c.kind, (p2.get(c.kind) ?? 0) + 1);
  const creds = (user: string) => ({ username: user, password: PASSWORDS[user] ?? 'x' });
  switch (c.kind) {
    case 'no-auth': {
      // RFC 3261 §22.1 / CUCM-CFG-004: an INVITE without credentials is challenged.
      const r = await setup('1001', {});
      assert.equal(r.status, 401);
      assert.ok(challengeValues(r.response?.bytes ?? new Uint8Array()).length > 0, 'WWW-Authenticate');
      break;
    }
    case 'garbage-auth': {
      // sip-digest-authenticator.ts: a malformed credential 400, one that is not ours 401.
      const r = await setup('1001', { authorization: c.value });
      assert.ok([400, 401].includes(r.status), `${r.status} for Authorization: ${c.value}`);
      break;
    }
    case 'unknown-user': {
      // RFC 3261 §22.2: credentials that do not verify are challenged again (401), never 403.
      const r = await setup('1001', { creds: { username: c.user, password: 'pw' } });
      assert.equal(r.status, 401);
      break;
    }
    case 'wrong-password': {
      const r = await setup('1001', { creds: { username: c.user, password: c.password } });
      assert.equal(r.status, 401);
      break;
    }
    case 'body': {
      // tr87-server.ts checkSetup: not ECMA-323 -> 400, not RequestSystemStatus (or none) -> 488.
      let decodable = true;
      try {
        decodeCsta(c.body);
      } catch {
        decodable = false;
      }
      const r = await setup('1001', { creds: creds('carol'), body: c.body });
      assert.equal(r.status, c.body === '' || decodable ? 488 : 400, JSON.stringify(c.body));
      break;
    }
    case 'session-expires': {
      // RFC 4028 §9: malformed -> 400; below Min-SE (90 s here) -> 422 with Min-SE.
      const r = await setup('1001', { creds: creds('carol'), sessionExpires: c.value });
      if (/^\d{1,10}$/.test(c.value) && Number(c.value) < 90) {
        assert.equal(r.status, 422, c.value);
        assert.equal(r.response?.header('min-se'), '90');
      } else if (/^\d{1,10}$/.test(c.value)) assert.equal(r.status, 200, c.value);
      else assert.equal(r.status, 400, c.value);
      break;
    }
    case 'refused': {
      // CUCM-ACG-001/004/013 -> 403; a line of no device -> 404 (RFC 3261 §8.2.2.1).
      const r = await setup(c.line, { creds: creds(c.user) });
      const want = c.line === '9999' ? 404 : c.user === 'alice' && c.line === '1001' ? 200 : 403;
      assert.equal(r.status, want, `${c.user} on ${c.line}`);
      break;
    }
    case 'good': {
      const r = await setup('1001', { creds: creds('carol') });
      assert.equal(r.status, 200);
      break;
    }
  }
  aliceCarriesOn();
}

test('property 2: set-up INVITE variants get 400/401/403/404/422/488 and leave no session', async () => {
  await fc.assert(fc.asyncProperty(inviteCase, explained(inviteRun)), { numRuns: 80 });
  console.log(`property 2: ${JSON.stringify([...p2])}`);
});

// ------------------------------------------------------------------ afterwards

test('afterwards: carol opens a session, monitors 1001 and sees a call delivered; nothing leaks', async () => {
  await alice.close();
  assert.deepEqual(cti.sessions(), []);
  // Undo what the fuzzed requests may have changed on the lines (DND, forwarding, calls).
  const model = cluster.calls.model;
  for (const dn of ['1001', '1002']) {
    model.setDoNotDisturb(dn, false);
    for (const f of model.getForwarding(dn))
      if (f.forwardStatus) model.setForwarding(dn, { type: f.forwardingType, activate: false });
    for (const item of model.snapshotDevice(dn)) model.clear(item.connection);
  }
  const carol = await connect('carol', 'tel:1001');
  try {
    const monitor = await carol.monitorStart('tel:1001');
    const caller = phones.get('1002');
    assert.ok(caller);
    caller.offHook();
    caller.dial('1001');
    const delivered = await carol.nextEvent('DeliveredEvent', 5000);
    assert.equal(delivered.monitorCrossRefID, monitor);
    assert.deepEqual(delivered.alertingDevice, { deviceIdentifier: 'tel:1001;phone-context=dialstring' });
    caller.onHook();
  } finally {
    await carol.close();
  }
  assert.deepEqual(cti.sessions(), [], 'every client closed: no session left');
  assert.deepEqual(uncaught, []);
});
