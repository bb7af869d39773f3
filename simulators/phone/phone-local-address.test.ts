import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CmeLab } from '../cme/cme.ts';
import type { Observation } from '../lab/observation.ts';
import { THREE_PHONE_MACS, threePhoneConfig } from '../testing/call-control-test-lab.ts';
import { SccpPhone } from './phone.ts';
import { PhoneConfigError } from './phone-errors.ts';

// The phone's source address option (phone.ts `localAddress`, `ctilab phones --source-base`): its
// connection starts from that address, so the call manager sees it as the phone's address and the
// phone puts it in RegisterReq as stationIpAddr (Wireshark packet-skinny, RegisterReq).

let lab: CmeLab;
let port: number;
before(async () => {
  lab = new CmeLab({ config: threePhoneConfig('cme-source'), sccpPort: 0, host: '127.0.0.1', log: () => {} });
  port = (await lab.start()).endpoints.sccp.port;
});
after(() => lab.stop());

test('localAddress must be an IPv4 or IPv6 address', () => {
  const servers = [{ host: '127.0.0.1', port: 2000 }];
  for (const localAddress of ['127.1.0.1', '::1'])
    assert.doesNotThrow(() => new SccpPhone({ mac: '00000000D001', model: '7961', servers, localAddress }));
  for (const localAddress of ['localhost', '127.1.0', ''])
    assert.throws(
      () => new SccpPhone({ mac: '00000000D001', model: '7961', servers, localAddress }),
      (e: unknown) =>
        e instanceof PhoneConfigError &&
        e.message === `localAddress '${localAddress}' is not an IPv4 or IPv6 address`,
    );
});

test('two phones with their own loopback addresses: the CME sees each one, RegisterReq carries it', async () => {
  const stationIps: string[] = [];
  const unsubscribe = lab.observations.subscribe(
    (o: Observation) => {
      const m =
        o.kind === 'wire' ? (o.decoded as { type?: string; stationIpAddr?: string } | undefined) : undefined;
      if (m?.type === 'RegisterReq') stationIps.push(m.stationIpAddr ?? '');
    },
    ['wire'],
  );
  const phones = ['127.0.0.7', '127.0.0.8'].map(
    (localAddress, i) =>
      new SccpPhone({
        mac: THREE_PHONE_MACS[i]!,
        model: '7961',
        servers: [{ host: '127.0.0.1', port }],
        localAddress,
      }),
  );
  try {
    for (const p of phones) await p.start();
    const seen = lab.node.connections.map((c) => c.remote.host).sort();
    assert.deepEqual(seen, ['127.0.0.7', '127.0.0.8']);
    assert.deepEqual(stationIps.sort(), ['127.0.0.7', '127.0.0.8']);
    assert.deepEqual(
      phones.map((p) => p.localAddress?.host),
      ['127.0.0.7', '127.0.0.8'],
    );
  } finally {
    unsubscribe();
    for (const p of phones) await p.stop();
  }
});
