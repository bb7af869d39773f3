import assert from 'node:assert/strict';
import { test } from 'node:test';
import { disableLatencyProbe, enableLatencyProbe, latencyProbe } from '../lab/latency-probe.ts';
import { ManualClock } from '../lab/manual-clock.ts';
import { SipEndpoint } from '../sip/sip-endpoint.ts';
import { InMemoryCtiBackend } from '../testing/in-memory-cti-backend.ts';
import { Tr87Client } from './tr87-client.ts';
import { CLOSE_BYE_WAIT_MS, Tr87Server } from './tr87-server.ts';

/**
 * The latency probe (lab/latency-probe.ts) follows a CSTA request in INFO through both ends over
 * real TCP: the client's record (uac) and the server's (uas) of the same `Call-ID CSeq`, every
 * stage in order; the INVITE's ACK (same CSeq number) does not overwrite the INVITE's record.
 */
test('a request in INFO: every stage on both ends, in order, keyed Call-ID CSeq', async () => {
  assert.equal(latencyProbe, undefined, 'the probe is off unless asked for');
  const probe = enableLatencyProbe();
  const clock = new ManualClock();
  const endpoint = await SipEndpoint.start({ name: 'cme', clock });
  const backend = new InMemoryCtiBackend(new Set(['201']), undefined, new Set(), clock);
  const server = new Tr87Server({ endpoint, backend, clock });
  try {
    const client = await Tr87Client.connect({
      host: '127.0.0.1',
      port: endpoint.address.port,
      user: 'alice',
      line: '201',
      clock,
    });
    await client.request({ type: 'GetDoNotDisturb', device: '201' });
    const callId = client.dialog.callId;
    const snap = probe.snapshot();
    const infoKey = Object.keys(snap.uac)
      .filter((k) => k.startsWith(`${callId} `))
      .sort((a, b) => Number(a.split(' ')[1]) - Number(b.split(' ')[1]))
      .at(-1);
    assert.ok(infoKey !== undefined, 'the client recorded its INFO');
    const uac = snap.uac[infoKey]!;
    const uas = snap.uas[infoKey]!;
    assert.ok(uas !== undefined, 'the server recorded the same key');
    const order = [
      uac.sent,
      uac.written,
      uas.read,
      uas.parsed,
      uas.decoded,
      uas.served,
      uas.encoded,
      uas.sent,
      uas.written,
      uac.read,
      uac.parsed,
    ];
    for (const [i, t] of order.entries()) assert.equal(typeof t, 'number', `stage ${i} recorded`);
    for (let i = 1; i < order.length; i++)
      assert.ok(
        order[i]! >= order[i - 1]!,
        `stage ${i} (${order[i]}) not before stage ${i - 1} (${order[i - 1]})`,
      );
    // The set-up INVITE (CSeq 1): its ACK carries CSeq 1 too, and must not restamp the INVITE's read.
    const invite = snap.uas[`${callId} 1`];
    assert.ok(invite?.sent !== undefined && invite.read !== undefined && invite.read <= invite.sent);
    await client.close();
  } finally {
    const closing = server.close();
    clock.advance(CLOSE_BYE_WAIT_MS);
    await closing;
    await endpoint.close();
    const last = disableLatencyProbe();
    assert.ok(last !== undefined);
    assert.equal(latencyProbe, undefined);
  }
});
