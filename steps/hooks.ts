import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, relative, sep } from 'node:path';
import { After, AfterAll, Before, BeforeAll, Status, setDefaultTimeout } from '@cucumber/cucumber';
import { capturePcapName } from '../conformance/report/capture-name.ts';
import { CaptureSet } from '../simulators/lab/capture-set.ts';
import { mergeCaptures } from '../simulators/lab/mergecap.ts';
import { ObservationStream } from '../simulators/lab/observation.ts';
import { type DecodeOptions, decodeCapture, tsharkAvailable } from '../simulators/lab/tshark.ts';
import { CtiServerCapturePorts } from '../simulators/testing/cti-server-capture-ports.ts';
import { ged188DecodeOptions } from '../simulators/testing/ged188-tshark.ts';
import { labDecodeOptions } from '../simulators/testing/lab-decode-as.ts';
import { writeScenarioLadder } from './ladder-files.ts';
import type { LabWorld } from './world.ts';

setDefaultTimeout(20_000);

/**
 * Captures (issue 2 deliverable 7): one pcap for the whole run (run.pcap) and one per scenario
 * in the world parameter `captureDir`: `ctilab run` gives its run directory's captures/
 * (bin/run-command.ts); any other Cucumber run (npm test) writes reports/test/captures, never over
 * a conformance run. Every scenario's stream is relayed into the run-level stream.
 */
const runStream = new ObservationStream();
let captures: CaptureSet | undefined;
let dir = 'reports/test/captures';

BeforeAll(function (this: { parameters: { captureDir?: unknown } }) {
  const given = this.parameters.captureDir;
  if (given !== undefined && typeof given !== 'string')
    throw new Error(`world parameter captureDir must be a directory name, not ${JSON.stringify(given)}`);
  dir = given ?? dir;
  mkdirSync(dir, { recursive: true });
  captures = new CaptureSet(runStream, { runPath: `${dir}/run.pcap` });
  captures.start();
});

/** The CTI Server (GED-188) sides each scenario's capture holds, learnt from its observations. */
const ctiServerPorts = new WeakMap<LabWorld, CtiServerCapturePorts>();

Before(function (this: LabWorld, { pickle }) {
  this.observations.subscribe((o) => runStream.publish(o));
  const cti = new CtiServerCapturePorts();
  ctiServerPorts.set(this, cti);
  this.observations.subscribe((o) => cti.observe(o));
  const file = `${dir}/${capturePcapName(pickle)}`;
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
  // except where the scenario sends bad bytes on purpose (@bad-input); a scenario with CTI Server
  // traffic is dissected with the GED-188 Lua plugin on its sides' ports as well.
  tshark ??= await tsharkAvailable();
  if (file && tshark && !pickle.tags.some((t) => t.name === '@bad-input')) {
    // The CTI Server ports: learnt from this process's observations (embedded) or, for a process
    // or containers lab, the CTI Server sides it reports (their traffic is in the merged capture).
    const learnt = ctiServerPorts.get(this);
    const labSides = Object.values(this.runtimeLab?.nodes ?? {}).flatMap((n) =>
      [n.endpoints.ctiServerA, n.endpoints.ctiServerB].flatMap((e) => (e ? [e.port] : [])),
    );
    const ctiPorts = [
      ...new Set([...(learnt !== undefined && learnt.messages > 0 ? learnt.ports : []), ...labSides]),
    ];
    const ged188 = ctiPorts.length > 0;
    const lab = labDecodeOptions(this.observed, this.decodePorts.sccp, this.runtimeLab?.nodes);
    const g = ged188 ? ged188DecodeOptions(ctiPorts) : undefined;
    const options: DecodeOptions =
      g === undefined
        ? lab
        : { ...lab, luaScripts: g.luaScripts, decodeAs: [...(lab.decodeAs ?? []), ...g.decodeAs] };
    const decoded = await decodeCapture(file, {
      fields: ['frame.number', 'skinny.messageId', ...(ged188 ? ['ged188.type'] : [])],
      ...options,
    });
    const sccp = decoded.packets.filter((p) => (p['skinny.messageId'] ?? '') !== '').length;
    const ctiMessages = decoded.values.reduce((n, p) => n + (p['ged188.type']?.length ?? 0), 0);
    this.attach(
      `tshark: ${sccp} frames with SCCP messages${
        ged188 ? `, ${ctiMessages} GED-188 messages (CTI Server ports ${ctiPorts.join(', ')})` : ''
      }, ${decoded.malformed} malformed`,
      'text/plain',
    );
    if (decoded.malformed > 0)
      throw new Error(`${file}: tshark found ${decoded.malformed} malformed packets`);
    if (learnt !== undefined && learnt.messages > 0 && ctiMessages === 0)
      throw new Error(
        `${file}: ${learnt.messages} CTI Server messages crossed, tshark decoded none as GED-188`,
      );
  } else if (file && !tshark) {
    this.attach('tshark not installed: capture not checked', 'text/plain');
  }
  if (result?.status !== Status.PASSED && this.logLines.length > 0)
    this.attach(this.logLines.join('\n'), 'text/plain');
  // The scenario's node logs beside its pcap (`<scenario>.log`), linked from conformance.html.
  if (file) {
    const log = file.replace(/\.pcap$/, '.log');
    writeFileSync(log, this.logLines.length === 0 ? '' : `${this.logLines.join('\n')}\n`);
    this.attach(`log: ${log}`, 'text/plain');
    // Its ladder diagram (`<scenario>.ladder.html`, `.ladder.json`), linked the same way.
    const ladder = writeScenarioLadder(this, file, pickle.name);
    // Links in Cucumber's HTML report (it renders text/uri-list as links), relative to the run
    // directory that holds both cucumber.html and the captures folder.
    const runDir = dirname(dir);
    this.attach(
      [file, log, ...ladder].map((p) => relative(runDir, p).split(sep).join('/')).join('\n'),
      'text/uri-list',
    );
  }
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
