import { mkdirSync } from 'node:fs';
import { After, AfterAll, Before, BeforeAll, Status, setDefaultTimeout } from '@cucumber/cucumber';
import { CaptureSet } from '../simulators/lab/capture-set.ts';
import { ObservationStream } from '../simulators/lab/observation.ts';
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

After(async function (this: LabWorld, { result }) {
  await this.cleanup();
  await captures?.endScenario();
  if (result?.status !== Status.PASSED && this.logLines.length > 0)
    this.attach(this.logLines.join('\n'), 'text/plain');
});

AfterAll(async () => {
  await captures?.stop();
});
