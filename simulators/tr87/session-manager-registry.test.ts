import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../lab/manual-clock.ts';
import type { SipResponseOptions } from '../sip/sip-dialog.ts';
import type { IncomingRegister, RegisterBinding } from '../sip/sip-register.ts';
import { type RegistrarOptions, SessionManagerRegistry } from './session-manager-registry.ts';

interface Answer {
  status: number;
  bindings: readonly RegisterBinding[];
  headers: ReadonlyArray<readonly [string, string]>;
}

/** A REGISTER of `user` with one Contact asking for `expires` seconds; returns the registrar's answer. */
function register(registry: SessionManagerRegistry, user: string, expires: number): Answer {
  let answer: Answer | undefined;
  const reg = {
    aor: `sip:${user}@cme`,
    user,
    contacts: [{ uri: `sip:${user}@10.0.0.9:5060`, expires: undefined }],
    expires,
    accept(bindings: readonly RegisterBinding[]) {
      answer = { status: 200, bindings, headers: [] };
    },
    reject(status: number, opts?: SipResponseOptions) {
      answer = { status, bindings: [], headers: (opts?.headers ?? []) as Answer['headers'] };
    },
  } as unknown as IncomingRegister;
  registry.handle(reg);
  assert.ok(answer, 'the registrar did not answer');
  return answer;
}

const servers = [
  { tag: 1, registerId: 'apps', keepalive: 3600, ctiAware: true },
  { tag: 2, registerId: 'short', keepalive: 120 },
];
const make = (options?: RegistrarOptions) => new SessionManagerRegistry(servers, new ManualClock(), options);

test('registrar server expires max: a longer request is granted max (RFC 3261 §10.3 step 7)', () => {
  const registry = make({ minExpires: 60, maxExpires: 600 });
  assert.deepEqual(register(registry, 'apps', 3600).bindings, [
    { uri: 'sip:apps@10.0.0.9:5060', expires: 600 },
  ]);
  assert.equal(register(registry, 'apps', 300).bindings[0]?.expires, 300);
  // The session-server keepalive still caps it when it is the shorter.
  assert.equal(register(registry, 'short', 3600).bindings[0]?.expires, 120);
});

test('without expires max only the keepalive caps the registration', () => {
  assert.equal(register(make(), 'apps', 3000).bindings[0]?.expires, 3000);
  assert.equal(register(make(), 'apps', 5000).bindings[0]?.expires, 3600);
});

test('registrar server expires min: a shorter request gets 423 with Min-Expires', () => {
  const registry = make({ minExpires: 90, maxExpires: 600 });
  const a = register(registry, 'apps', 60);
  assert.equal(a.status, 423);
  assert.deepEqual(a.headers, [['Min-Expires', '90']]);
  assert.equal(registry.isRegistered('apps'), false);
  assert.equal(register(registry, 'apps', 90).status, 200);
});

test('registrar options out of range are RangeErrors', () => {
  assert.throws(() => make({ minExpires: 0 }), RangeError);
  assert.throws(() => make({ minExpires: 120, maxExpires: 60 }), RangeError);
  assert.throws(() => make({ maxExpires: 1.5 }), RangeError);
});

/** A REGISTER with any Contact set (`'*'`, none = a query) and Expires; returns the answer. */
function registerWith(
  registry: SessionManagerRegistry,
  user: string | undefined,
  contacts: ReadonlyArray<{ uri: string; expires: number | undefined }> | '*',
  expires: number | undefined,
): Answer {
  let answer: Answer | undefined;
  registry.handle({
    aor: `sip:${user}@cme`,
    user,
    contacts,
    expires,
    accept(bindings: readonly RegisterBinding[]) {
      answer = { status: 200, bindings, headers: [] };
    },
    reject(status: number, opts?: SipResponseOptions) {
      answer = { status, bindings: [], headers: (opts?.headers ?? []) as Answer['headers'] };
    },
  } as unknown as IncomingRegister);
  assert.ok(answer, 'the registrar did not answer');
  return answer;
}

function withClock(options?: RegistrarOptions) {
  const clock = new ManualClock();
  const registry = new SessionManagerRegistry(servers, clock, options);
  const ends: Array<[string, string]> = [];
  registry.onRegistrationEnd((id, reason) => ends.push([id, reason]));
  return { clock, registry, ends };
}

const A = 'sip:apps@10.0.0.9:5060';
const B = 'sip:apps@10.0.0.10:5060';

test('session-server configuration out of range is a RangeError (CME CSTA guide "Create a Session Manager")', () => {
  const clock = new ManualClock();
  const bad = (c: object) => () => new SessionManagerRegistry([c as never], clock);
  for (const tag of [0, 9, 1.5]) assert.throws(bad({ tag, registerId: 'a' }), RangeError, `tag ${tag}`);
  for (const registerId of ['', 'a-b', 'x'.repeat(31)])
    assert.throws(bad({ tag: 1, registerId }), RangeError, `register-id "${registerId}"`);
  for (const keepalive of [59, 3601, 60.5])
    assert.throws(bad({ tag: 1, registerId: 'a', keepalive }), RangeError, `keepalive ${keepalive}`);
  assert.throws(
    () =>
      new SessionManagerRegistry(
        [
          { tag: 1, registerId: 'a' },
          { tag: 1, registerId: 'b' },
        ],
        clock,
      ),
    /session-server tag 1: 1\.\.8, unique/,
  );
  assert.throws(
    () =>
      new SessionManagerRegistry(
        [
          { tag: 1, registerId: 'a' },
          { tag: 2, registerId: 'a' },
        ],
        clock,
      ),
    /register-id "a" twice/,
  );
  // The limits themselves are allowed.
  const edges = new SessionManagerRegistry(
    [
      { tag: 8, registerId: 'x'.repeat(30), keepalive: 3600 },
      { tag: 1, registerId: 'A1', keepalive: 60 },
    ],
    clock,
    { minExpires: 1, maxExpires: 1 },
  );
  assert.deepEqual(
    edges.rows().map((r) => [r.tag, r.keepalive, r.ctiAware, r.registered, r.expires]),
    [
      [1, 60, false, false, 0],
      [8, 3600, false, false, 0],
    ],
  );
  assert.throws(() => new SessionManagerRegistry([], clock, { minExpires: 1.5 }), RangeError);
});

test('REGISTER for an unknown register-id, or without a user, gets 404 (RFC 3261 §10.3 step 3)', () => {
  const { registry } = withClock();
  assert.equal(registerWith(registry, 'nobody', [{ uri: A, expires: undefined }], 300).status, 404);
  assert.equal(registerWith(registry, undefined, [{ uri: A, expires: undefined }], 300).status, 404);
});

test('a registration lives min(requested, keepalive): contact expires, else Expires, else keepalive', () => {
  const { registry, clock } = withClock();
  const t0 = clock.now();
  assert.deepEqual(registerWith(registry, 'short', [{ uri: A, expires: 90 }], 100).bindings, [
    { uri: A, expires: 90 },
  ]);
  assert.deepEqual(registerWith(registry, 'short', [{ uri: A, expires: undefined }], 100).bindings, [
    { uri: A, expires: 100 },
  ]);
  assert.deepEqual(registerWith(registry, 'short', [{ uri: A, expires: undefined }], undefined).bindings, [
    { uri: A, expires: 120 },
  ]);
  assert.equal(registry.isRegistered('short'), true);
  assert.equal(registry.isRegistered('apps'), false);
  assert.equal(registry.isRegistered('nobody'), false);
  const row = registry.rows()[1];
  assert.deepEqual(row, {
    tag: 2,
    registerId: 'short',
    keepalive: 120,
    ctiAware: false,
    registered: true,
    contacts: [A],
    expires: t0 + 120_000,
  });
  // A query (no Contact) lists the bindings with the seconds left, rounded up.
  clock.advance(30_500);
  assert.deepEqual(registerWith(registry, 'short', [], undefined), {
    status: 200,
    bindings: [{ uri: A, expires: 90 }],
    headers: [],
  });
});

test('only a registered cti-aware session manager is a CTI application', () => {
  const { registry } = withClock();
  assert.equal(registry.isCtiApplication('apps'), false);
  registerWith(registry, 'apps', [{ uri: A, expires: undefined }], 600);
  registerWith(registry, 'short', [{ uri: A, expires: undefined }], 100);
  assert.equal(registry.isCtiApplication('apps'), true);
  assert.equal(registry.isCtiApplication('short'), false);
  assert.equal(registry.isCtiApplication('nobody'), false);
});

test('423 when any contact asks for less than the minimum; nothing is bound (RFC 3261 §10.3 step 7)', () => {
  const { registry } = withClock();
  const a = registerWith(
    registry,
    'apps',
    [
      { uri: A, expires: 600 },
      { uri: B, expires: 59 },
    ],
    undefined,
  );
  assert.deepEqual(a, { status: 423, bindings: [], headers: [['Min-Expires', '60']] });
  assert.equal(registry.isRegistered('apps'), false);
  // Exactly the minimum is fine.
  assert.equal(registerWith(registry, 'apps', [{ uri: A, expires: 60 }], undefined).status, 200);
});

test('bindings expire one by one; the registration ends with the last (expired), once', () => {
  const { registry, clock, ends } = withClock();
  const t0 = clock.now();
  registerWith(registry, 'apps', [{ uri: A, expires: 100 }], undefined);
  clock.advance(50_000);
  registerWith(registry, 'apps', [{ uri: B, expires: 100 }], undefined);
  assert.deepEqual(registry.rows()[0]?.contacts, [A, B]);
  assert.equal(registry.rows()[0]?.expires, t0 + 150_000);
  clock.advance(49_999);
  assert.deepEqual(registry.rows()[0]?.contacts, [A, B]);
  clock.advance(1); // A's binding is due
  assert.deepEqual(registry.rows()[0]?.contacts, [B]);
  assert.equal(registry.isRegistered('apps'), true);
  assert.deepEqual(ends, []);
  clock.advance(49_999);
  assert.deepEqual(ends, []);
  clock.advance(1);
  assert.deepEqual(ends, [['apps', 'expired']]);
  assert.deepEqual(registry.rows()[0]?.contacts, []);
  assert.equal(registry.rows()[0]?.expires, 0);
  clock.advance(1_000_000);
  assert.deepEqual(ends, [['apps', 'expired']]);
});

test('Expires: 0 removes a binding; the last one removed ends the registration (unregistered)', () => {
  const { registry, ends, clock } = withClock();
  registerWith(
    registry,
    'apps',
    [
      { uri: A, expires: undefined },
      { uri: B, expires: undefined },
    ],
    300,
  );
  assert.deepEqual(registerWith(registry, 'apps', [{ uri: A, expires: 0 }], undefined).bindings, [
    { uri: B, expires: 300 },
  ]);
  assert.deepEqual(ends, []);
  assert.deepEqual(registerWith(registry, 'apps', [{ uri: B, expires: undefined }], 0), {
    status: 200,
    bindings: [],
    headers: [],
  });
  assert.deepEqual(ends, [['apps', 'unregistered']]);
  // Removing what is not there tells nobody; the expiry timer is gone.
  registerWith(registry, 'apps', [{ uri: B, expires: 0 }], undefined);
  clock.advance(400_000);
  assert.deepEqual(ends, [['apps', 'unregistered']]);
});

test('Contact: * removes every binding (RFC 3261 §10.3 step 6); listeners hear of it only when registered', () => {
  const { registry, ends, clock } = withClock();
  const throwing: string[] = [];
  registry.onRegistrationEnd((id) => {
    throwing.push(id);
    throw new Error('listener bug');
  });
  assert.deepEqual(registerWith(registry, 'apps', '*', 0), { status: 200, bindings: [], headers: [] });
  assert.deepEqual(ends, []);
  registerWith(registry, 'apps', [{ uri: A, expires: undefined }], 300);
  assert.deepEqual(registerWith(registry, 'apps', '*', 0).status, 200);
  assert.deepEqual(ends, [['apps', 'unregistered']]);
  assert.deepEqual(throwing, ['apps']); // a failing listener does not stop the registrar
  assert.equal(registry.isRegistered('apps'), false);
  clock.advance(400_000);
  assert.deepEqual(ends, [['apps', 'unregistered']]);
});

test('close() cancels every registration timer', () => {
  const { registry, ends, clock } = withClock();
  registerWith(registry, 'apps', [{ uri: A, expires: undefined }], 300);
  registerWith(registry, 'short', [{ uri: A, expires: undefined }], 100);
  registry.close();
  clock.advance(1_000_000);
  assert.deepEqual(ends, []);
});
