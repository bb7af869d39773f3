import { mkdirSync } from 'node:fs';
import { After, AfterAll, Before, BeforeAll, Status, setDefaultTimeout } from '@cucumber/cucumber';
import { CaptureSet } from '../simulators/lab/capture-set.ts';
import { ObservationStream } from '../simulators/lab/observation.ts';
import { decodeCapture, tsharkAvailable } from '../simulators/lab/tshark.ts';
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
  // Every scenario's capture must dissect as SCCP with no malformed packet (DESIGN.md section 6),
  // except where the scenario sends bad bytes on purpose (@bad-input).
  tshark ??= await tsharkAvailable();
  if (file && tshark && !pickle.tags.some((t) => t.name === '@bad-input')) {
    const decoded = await decodeCapture(file, { fields: ['frame.number', 'skinny.messageId'] });
    const sccp = decoded.packets.filter((p) => (p['skinny.messageId'] ?? '') !== '').length;
    this.attach(`tshark: ${sccp} frames with SCCP messages, ${decoded.malformed} malformed`, 'text/plain');
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
