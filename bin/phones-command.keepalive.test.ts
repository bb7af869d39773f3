import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { CmeLab } from '../simulators/cme/cme.ts';
import type { Observation } from '../simulators/lab/observation.ts';
import { messageWith } from '../simulators/sccp/message-defaults.ts';
import { testDn, testEphone, testStationConfig } from '../simulators/testing/call-control-test-lab.ts';
import { ctilabChildren } from '../simulators/testing/ctilab-test-children.ts';

// The keepalive tallies of `ctilab phones` (keepalivesSent, keepaliveAcks, phonesWithKeepaliveAck
// in its `stopping` line; phones-command.ts tallyKeepalives) against a real CME on real TCP.
//
// The CME runs in this process: its RegisterAck grants keepAliveInterval 1 s, so each phone sends
// KeepAliveReq every second (phone/keepalive.ts). `ctilab serve cme` cannot: an IOS config's
// `telephony-service` / `keepalive` takes 10-65535 s (Cisco Unified CME Command Reference,
// "keepalive"; ios-config-telephony-service.ts), and this test would wait 20 s for two rounds.
// The phones are a `ctilab phones` child: three 7961s, SEP00AA00000001-3, one line each. While
// they are held, the CME also sends each of them OTHER_MESSAGES OpenReceiveChannels, which a phone
// answers with OpenReceiveChannelAck (phone.ts handleMedia): messages that are neither keepalive
// nor ack, which the tallies must leave out.

const { start: spawnCtilab } = ctilabChildren();

const MACS = ['00AA00000001', '00AA00000002', '00AA00000003'];
const lab = new CmeLab({
  config: testStationConfig(
    MACS.map((_, i) => testDn(i + 1, `50${i + 1}`)),
    MACS.map((mac, i) => testEphone(i + 1, mac, [i + 1])),
    { hostname: 'cme-keepalive', keepaliveSeconds: 1 },
  ),
  sccpPort: 0,
  log: () => {},
});
after(() => lab.stop());

/** What the CME saw on each SCCP connection: KeepAliveReq read, KeepAliveAck written. */
interface ConnectionKeepalives {
  requests: number;
  acks: number;
  /** OpenReceiveChannelAck read. */
  others: number;
}

/**
 * More than the keepalives the CME may read or answer after the `stopping` line (at most one per
 * phone in those milliseconds): a tally that counted these other messages exceeds the CME's counts.
 */
const OTHER_MESSAGES = 3;

test(
  'ctilab phones: every phone sends keepalives and counts their acks; the stopping line tallies them',
  { timeout: 60_000 },
  async () => {
    const seen = new Map<string, ConnectionKeepalives>();
    const count = (o: Observation) => {
      if (o.kind !== 'wire' || o.protocol !== 'sccp') return;
      const type = (o.decoded as { type?: string } | undefined)?.type;
      const c = seen.get(o.connection) ?? { requests: 0, acks: 0, others: 0 };
      if (type === 'KeepAliveReq') c.requests++;
      else if (type === 'KeepAliveAck') c.acks++;
      else if (type === 'OpenReceiveChannelAck') c.others++;
      else return;
      seen.set(o.connection, c);
    };
    // Two acks written on each of the three connections (the first of them left the CME a
    // keepalive interval before the signal, so every phone has read one ack by then) and every
    // OpenReceiveChannel answered.
    let done: () => void = () => {};
    const twoAcksEach = new Promise<void>((resolve) => {
      done = resolve;
    });
    const unsubscribe = lab.observations.subscribe(
      (o) => {
        count(o);
        if (seen.size === 3 && [...seen.values()].every((c) => c.acks >= 2 && c.others === OTHER_MESSAGES))
          done();
      },
      ['wire'],
    );
    try {
      const port = (await lab.start()).endpoints.sccp.port;
      const phones = spawnCtilab('phones', [
        'phones',
        '--target',
        `127.0.0.1:${port}`,
        ...['--count', '3', '--mac-base', MACS[0]!, '--model', '7961'],
      ]);
      const summary = await phones.waitForLine(
        (v) => 'phones' in v && 'registered' in v,
        30_000,
        'summary',
        0,
      );
      assert.deepEqual(
        { phones: summary.value.phones, registered: summary.value.registered },
        { phones: 3, registered: 3 },
      );
      assert.equal(lab.node.registeredDevices.length, 3);
      for (const device of lab.node.registeredDevices)
        for (let k = 1; k <= OTHER_MESSAGES; k++)
          device.session.send(
            messageWith('OpenReceiveChannel', { passThroughPartyId: k, callReference: k, conferenceId: k }),
          );
      await within(
        twoAcksEach,
        20_000,
        () =>
          `two KeepAliveAcks and ${OTHER_MESSAGES} OpenReceiveChannelAcks on each of 3 connections: ${show(seen)}`,
      );
      const total = (k: keyof ConnectionKeepalives) => [...seen.values()].reduce((n, c) => n + c[k], 0);
      const requestsBefore = total('requests');

      phones.signal('SIGTERM');
      const line = await phones.waitForLine((v) => 'stopping' in v, 10_000, 'stopping line');
      const stopping = line.value.stopping as {
        phones: number;
        stillRegistered: number;
        keepalivesSent: number;
        keepaliveAcks: number;
        phonesWithKeepaliveAck: number;
      };
      const both = () => `${JSON.stringify(stopping)}; CME: ${show(seen)}`;
      assert.equal(stopping.phones, 3);
      assert.equal(stopping.stillRegistered, 3);
      assert.equal(stopping.phonesWithKeepaliveAck, 3, both());
      // Every phone counted an ack; an ack answers a request the phone sent and counted first.
      assert.ok(stopping.keepaliveAcks >= 3, both());
      assert.ok(stopping.keepalivesSent >= stopping.keepaliveAcks, both());
      // The phones wrote (and counted) each request the CME read before the signal.
      assert.ok(stopping.keepalivesSent >= requestsBefore, `${both()}; ${requestsBefore} read before`);
      assert.deepEqual(await phones.waitForExit(10_000), { code: 0, signal: null });
      // And the CME read every request they counted and wrote every ack they counted: each phone
      // waited for its UnregisterAck, which the CME wrote after reading all the phone sent before.
      assert.ok(stopping.keepalivesSent <= total('requests'), both());
      assert.ok(stopping.keepaliveAcks <= total('acks'), both());
    } finally {
      unsubscribe();
    }
  },
);

function show(seen: Map<string, ConnectionKeepalives>): string {
  return JSON.stringify(Object.fromEntries(seen));
}

/** `p`, or a rejection naming what did not happen within `ms` (a bound, not a measurement). */
async function within<T>(p: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no ${what()} within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
