import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Given, Then, When } from '@cucumber/cucumber';
import type { LabFault } from '../simulators/runtime/lab-fault.ts';
import { ephoneModel } from '../simulators/station/phone-models.ts';
import { SccpTestClient } from '../simulators/testing/sccp-test-client.ts';
import { skipWithoutDocker } from './docker-skip.ts';
import { startFailoverLab } from './runtime-lab.ts';
import type { LabWorld } from './world.ts';

Given('a CME running {string}', async function (this: LabWorld, path: string) {
  // A real target (steps/pixit-target.ts) runs its own configuration: the PIXIT maps its numbers.
  if (this.pixit)
    return this.attach(
      `real target: ${path} is not loaded; the PIXIT ${this.pixit.file} gives the target's numbers`,
      'text/plain',
    );
  this.loadConfig(path);
  await this.startCme('CME');
});

Given(
  'a primary CME and a secondary CME running {string}',
  { timeout: 180_000 },
  async function (this: LabWorld, path: string) {
    this.loadConfig(path);
    if ((await skipWithoutDocker(this)) === 'skipped') return 'skipped';
    if (this.runtime !== 'embedded') {
      // steps/runtime-lab.ts: the two CMEs in a process or containers lab.
      // The lab's own captures (each node's, or the lab network's) are merged into the scenario's
      // pcap after the scenario (hooks.ts).
      this.labCaptureDir = mkdtempSync(join(tmpdir(), 'ctilab-lab-capture-'));
      this.runtimeLab = await startFailoverLab(this.runtime, path, this.labCaptureDir);
      this.attach(`runtime: ${this.runtime} ${JSON.stringify(this.runtimeLab.nodes)}`, 'text/plain');
      return;
    }
    await this.startCme('CME');
    await this.startCme('CME-B');
  },
);

When('{int} seconds pass', async function (this: LabWorld, seconds: number) {
  await this.passSeconds(seconds);
});

/** On a process or containers lab: the runtime's own fault (SIGSTOP/SIGKILL, docker pause/kill). */
async function runtimeFault(world: LabWorld, fault: LabFault): Promise<void> {
  const outcome = await world.runtimeLab!.fault('primary', fault);
  if (!outcome.applied)
    throw new Error(`${world.runtime} could not ${fault.kind} the primary: ${outcome.reason}`);
  world.attach(`${world.runtime} fault: ${outcome.detail}`, 'text/plain');
}

// Embedded: the node stops answering keepalives. Process and containers: the whole node is frozen
// (SIGSTOP, docker pause), so keepalives go unanswered as well, on an open TCP connection.
When('the primary CME stops answering keepalives', { timeout: 120_000 }, async function (this: LabWorld) {
  if (this.runtimeLab) return runtimeFault(this, { kind: 'pause' });
  this.cme('CME').node.faults.ignoreKeepalives = true;
});

When('the primary CME answers keepalives again', { timeout: 120_000 }, async function (this: LabWorld) {
  if (this.runtimeLab) return runtimeFault(this, { kind: 'unpause' });
  this.cme('CME').node.faults.ignoreKeepalives = false;
});

When('the primary CME fails', { timeout: 120_000 }, async function (this: LabWorld) {
  if (this.runtimeLab) return runtimeFault(this, { kind: 'kill' });
  await this.cmeLab('CME').stop();
});

When('the primary CME comes back', { timeout: 120_000 }, async function (this: LabWorld) {
  if (this.runtimeLab) return runtimeFault(this, { kind: 'restart' });
  await this.cmeLab('CME').start();
});

Then('the CME has {int} phones registered', function (this: LabWorld, n: number) {
  assert.equal(this.cme().node.registeredDevices.length, n);
});

Given('a bare SCCP station registered as ephone {int}', async function (this: LabWorld, tag: number) {
  const st = await SccpTestClient.connect(this.cme().node.endpoint.port, this.cme().node.endpoint.host);
  this.stations.push(st);
  // The device type of the ephone's `type` (the CME refuses a mismatch, registration.ts).
  const e = this.ephone(tag);
  await st.register(e.mac, { deviceType: ephoneModel(e.model)?.deviceType });
});

When('a client sends {string} to the SCCP port', async function (this: LabWorld, hex: string) {
  const st = await SccpTestClient.connect(this.cme().node.endpoint.port, this.cme().node.endpoint.host);
  this.stations.push(st);
  st.raw(Buffer.from(hex.replace(/\s+/g, ''), 'hex'));
  await new Promise((r) => setTimeout(r, 50));
});

When('a client opens a connection to the SCCP port and sends nothing', async function (this: LabWorld) {
  const st = await SccpTestClient.connect(this.cme().node.endpoint.port, this.cme().node.endpoint.host);
  this.stations.push(st);
});

Then('the CME closes that connection', async function (this: LabWorld) {
  const st = this.stations.at(-1)!;
  await st.waitClosed();
});

Then('that connection stays open and its keepalives are answered', async function (this: LabWorld) {
  const st = this.stations.at(-1)!;
  st.clear();
  st.send('KeepAliveReq');
  await st.waitFor('KeepAliveAck');
  assert.equal(st.closed, false);
});

Then('the CME logged the bad input', function (this: LabWorld) {
  const bad = this.observed.filter((o) => o.kind === 'state' && o.topic === 'bad-input');
  assert.ok(bad.length > 0, 'no bad-input observation');
  assert.ok(
    this.logLines.some((l) => l.includes('bad SCCP input')),
    'no log line for the bad input',
  );
});

Then('that connection is still open', async function (this: LabWorld) {
  const st = this.stations.at(-1)!;
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(st.closed, false, 'the connection was closed too early');
});

When(
  'a bare SCCP station registers as ephone {int} with device type {int}',
  async function (this: LabWorld, tag: number, deviceType: number) {
    const st = await SccpTestClient.connect(this.cme().node.endpoint.port, this.cme().node.endpoint.host);
    this.stations.push(st);
    st.send('RegisterReq', {
      deviceName: `SEP${this.ephone(tag).mac}`,
      instance: 1,
      stationIpAddr: '127.0.0.1',
      deviceType,
      maxStreams: 5,
      protocolVer: 5,
    });
  },
);

Then('the station is rejected with {string}', async function (this: LabWorld, text: string) {
  const st = this.stations.at(-1)!;
  const reject = await st.waitFor('RegisterReject');
  assert.equal(reject.text, text);
  await st.waitClosed();
});
