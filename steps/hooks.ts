import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import { After, AfterAll, Before, BeforeAll, Status, setDefaultTimeout } from '@cucumber/cucumber';
import { CaptureSet } from '../simulators/lab/capture-set.ts';
import { mergeCaptures } from '../simulators/lab/mergecap.ts';
import { ObservationStream } from '../simulators/lab/observation.ts';
import { decodeCapture, tsharkAvailable } from '../simulators/lab/tshark.ts';
import { ged188DecodeOptions } from '../simulators/testing/ged188-tshark.ts';
import type { LabWorld } from './world.ts';

setDefaultTimeout(20_000);

/**
 * Captures (issue 2 deliverable 7): one pcap for the whole run and one per scenario under
 * reports/captures/. Every scenario's stream is relayed into the run-level stream.
 */
const runStream = new ObservationStream();
let captures: CaptureSet | undefined;
const dir = 'reports/captures';

BeforeAll(() => {
  mkdirSync(dir, { recursive: true });
  captures = new CaptureSet(runStream, { runPath: `${dir}/run.pcap` });
  captures.start();
});

Before(function (this: LabWorld, { pickle }) {
  this.observations.subscribe((o) => runStream.publish(o));
  const name = pickle.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  const file = `${dir}/${name.slice(0, 80)}.pcap`;
  captures?.beginScenario(file);
  this.attach(`capture: ${file}`, 'text/plain');
});

let tshark: boolean | undefined;

After(async function (this: LabWorld, { result, pickle }) {
  await this.cleanup();
  const file = captures?.scenarioPath;
  await captures?.endScenario();
  if (file && this.runtimeLab) await mergeLabCaptures(this, file);
  // Every scenario's capture must dissect as SCCP with no malformed packet (DESIGN.md section 6),
  // except where the scenario sends bad bytes on purpose (@bad-input).
  tshark ??= await tsharkAvailable();
  if (file && tshark && !pickle.tags.some((t) => t.name === '@bad-input')) {
    // CTI Server traffic is dissected by the project's GED-188 Lua plugin (wireshark/ged188.lua).
    const cti = [...this.decodePorts.ctiServer];
    const ged188 = cti.length > 0 ? ged188DecodeOptions(cti) : undefined;
    const lab = labDecodeOptions(this);
    const decoded = await decodeCapture(file, {
      fields: ['frame.number', 'skinny.messageId', ...(ged188 ? ['ged188.type'] : [])],
      ...lab,
      ...(ged188 ? { luaScripts: ged188.luaScripts } : {}),
      decodeAs: [...(lab.decodeAs ?? []), ...(ged188?.decodeAs ?? [])],
    });
    const sccp = decoded.packets.filter((p) => (p['skinny.messageId'] ?? '') !== '').length;
    const ctiFrames = decoded.packets.filter((p) => (p['ged188.type'] ?? '') !== '').length;
    this.attach(
      `tshark: ${sccp} frames with SCCP messages, ${ged188 ? `${ctiFrames} with GED-188 messages (TCP ${cti.join(', ')}), ` : ''}${decoded.malformed} malformed`,
      'text/plain',
    );
    if (decoded.malformed > 0)
      throw new Error(`${file}: tshark found ${decoded.malformed} malformed packets`);
  } else if (file && !tshark) {
    this.attach('tshark not installed: capture not checked', 'text/plain');
  }
  if (result?.status !== Status.PASSED && this.logLines.length > 0)
    this.attach(this.logLines.join('\n'), 'text/plain');
});

AfterAll(async () => {
  await captures?.stop();
});

/**
 * A process or containers lab captured its own traffic (each node's capture, or the lab network's
 * on its bridge): merged into the scenario's pcap (mergecap), which tshark then checks like any.
 */
async function mergeLabCaptures(world: LabWorld, file: string): Promise<void> {
  const labFiles = world.runtimeLab!.captures().filter((f) => existsSync(f));
  try {
    if (labFiles.length === 0) {
      world.attach(`the ${world.runtime} lab wrote no capture`, 'text/plain');
      return;
    }
    await mergeCaptures(file, [file, ...labFiles]);
    world.attach(`merged into the capture: ${labFiles.map((f) => basename(f)).join(', ')}`, 'text/plain');
  } finally {
    if (world.labCaptureDir) rmSync(world.labCaptureDir, { recursive: true, force: true });
  }
}

/**
 * A runtime lab's SCCP ports on 127.0.0.1 are ephemeral (decoded as SCCP by port), and frames
 * captured on a real interface (the lab network's bridge) carry checksums the kernel leaves to
 * the NIC (offload): not checked there. The embedded scenarios check every checksum.
 */
function labDecodeOptions(world: LabWorld): { decodeAs?: string[]; checkChecksums?: boolean } {
  const lab = world.runtimeLab;
  const local = [...world.decodePorts.sccp].filter((p) => p !== 2000).map((p) => `tcp.port==${p},skinny`);
  if (!lab) return local.length > 0 ? { decodeAs: local } : {};
  const ports = Object.values(lab.nodes).flatMap((n) => (n.endpoints.sccp ? [n.endpoints.sccp.port] : []));
  return {
    decodeAs: [...local, ...ports.filter((p) => p !== 2000).map((p) => `tcp.port==${p},skinny`)],
    checkChecksums: false,
  };
}
