// The acd-bridge profile's lab and plan with an in-process CTI Bridge and no upper tester: what the
// client is told, the stimuli in order, the agent logged in at the phone so the call still reaches
// the client, the failover, and the rules the missing upper tester leaves inconclusive — graded
// from the pcap of the run (transcriptOfPcap).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CtiServerClient } from '../../simulators/cti-server/client/cti-server-client.ts';
import { CallMsgMask, ServiceMask } from '../../simulators/cti-server/wire.ts';
import { CaptureRecorder } from '../../simulators/lab/capture-recorder.ts';
import { systemClock } from '../../simulators/lab/clock.ts';
import { ObservationStream } from '../../simulators/lab/observation.ts';
import { acdBridgeProfile } from './acd-profiles.ts';
import type { Stimulus } from './client-profile.ts';
import { FAST_SETTINGS } from './cti-fixture-run.ts';
import { transcriptOfPcap } from './pcap-transcript.ts';
import { noUpperTester } from './upper-tester.ts';

describe('acd-bridge lab and plan without an upper tester', { timeout: 60_000 }, () => {
  it('tells the client both sides, drives the call and the failover, grades from the pcap', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctilab-acd-plan-'));
    const observations = new ObservationStream();
    const pcap = join(dir, 'client.pcap');
    const recorder = new CaptureRecorder(observations, { path: pcap, protocols: ['cti-server'] });
    recorder.start();
    const run = await acdBridgeProfile.start({
      host: '127.0.0.1',
      port: 0,
      observations,
      clock: systemClock,
      settings: FAST_SETTINGS,
      log: () => {},
    });
    const stimuli: Stimulus[] = [];
    let client: CtiServerClient | undefined;
    try {
      const { endpoints, settings } = run.connect;
      assert.deepEqual(
        [endpoints['side-A'], endpoints['side-B']].map((e) => [e?.host, e?.port]),
        run.serverEndpoints.cti.map((e) => [e.host, e.port]),
      );
      assert.deepEqual(
        [settings.clientID, settings.services, settings.peripheralID, settings.heartbeatIntervalSeconds],
        ['bridge', ['ALL_EVENTS', 'CLIENT_CONTROL'], 5000, 0.5],
      );
      assert.equal(settings.idleTimeoutSeconds, 20, 'four intervals, at least the lab minimum');
      const drive = run.drive({
        upperTester: noUpperTester,
        record: (s) => stimuli.push({ time: systemClock.now(), ...s }),
        clock: systemClock,
        settings: FAST_SETTINGS,
        log: () => {},
        signal: new AbortController().signal,
      });
      client = await CtiServerClient.connect({
        sides: run.serverEndpoints.cti,
        clientID: 'bridge',
        password: '',
        services: ServiceMask.ALL_EVENTS | ServiceMask.CLIENT_CONTROL,
        callMsgMask: CallMsgMask.DELIVERED,
        heartbeatIntervalMs: 500,
        idleTimeoutSeconds: 20,
        openFailureWaitMs: 250,
      });
      const delivered = await client.nextEvent((m) => m.name === 'CALL_DELIVERED_EVENT', 10_000);
      assert.equal(delivered.fixed.PeripheralID, 5000);
      await drive;
      assert.deepEqual([client.sessionsOpened, client.endpoint?.port], [2, run.serverEndpoints.cti[1]?.port]);
    } finally {
      client?.destroy();
      await run.stop();
      await recorder.stop();
    }
    assert.deepEqual(
      stimuli.map((s) => `${s.kind} ${s.action}${s.outcome === undefined || s.outcome === 'ok' ? '' : ' ✗'}`),
      [
        'upper-tester set-agent-state ✗',
        'upper-tester set-agent-state ✗',
        'phone agent 5001 logs in at the phone',
        'phone dial 8000',
        'phone ring 3001',
        'upper-tester answer ✗',
        'upper-tester clear ✗',
        'upper-tester make-call ✗',
        'upper-tester query-agent-state ✗',
        'timer heartbeat-period',
        'fault fail-side A',
        'fault restore-side A',
        'upper-tester close-session ✗',
      ],
    );
    const transcript = transcriptOfPcap(readFileSync(pcap), { sip: [], cti: run.serverEndpoints.cti });
    rmSync(dir, { recursive: true, force: true });
    const grades = acdBridgeProfile.grade(transcript, stimuli, FAST_SETTINGS);
    assert.deepEqual(
      grades.map((g) => [g.rule, g.verdict]),
      [
        ['ACD-MSG-008', 'pass'],
        ['ACD-MSG-009', 'pass'],
        ['ACD-MSG-010', 'pass'],
        ['ACD-MSG-011', 'pass'],
        ['ACD-MSG-012', 'inconc'],
        ['ACD-MSG-013', 'inconc'],
        ['ACD-FT-002', 'pass'],
        ['ACD-FT-004', 'pass'],
      ],
      grades.map((g) => `${g.rule}: ${g.reason}`).join('\n'),
    );
  });
});
