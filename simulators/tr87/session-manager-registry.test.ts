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
