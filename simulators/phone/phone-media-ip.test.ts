import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SccpPhone } from './phone.ts';
import { PhoneConfigError } from './phone-errors.ts';

// The phone's RTP receive address option (phone.ts `mediaIp`); its use on the wire is checked with
// a cluster in simulators/cucm/media-termination.cluster.test.ts.

test('mediaIp must be an IPv4 or IPv6 address', () => {
  const servers = [{ host: '127.0.0.1', port: 2000 }];
  for (const mediaIp of ['10.0.0.1', '::1', '2001:db8::5'])
    assert.doesNotThrow(() => new SccpPhone({ mac: '00000000D001', model: '7961', servers, mediaIp }));
  for (const mediaIp of ['host.example', '10.0.0', ''])
    assert.throws(
      () => new SccpPhone({ mac: '00000000D001', model: '7961', servers, mediaIp }),
      (e: unknown) =>
        e instanceof PhoneConfigError && e.message === `mediaIp '${mediaIp}' is not an IPv4 or IPv6 address`,
    );
});
