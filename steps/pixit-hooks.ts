// On a real target (`ctilab run --target pixit:<file>`): a scenario tagged @lab-control needs
// control of the lab (its clock, its nodes, its internals) and ends inconc, with the reason in an
// attachment `inconc: <reason>` that the rule report shows (conformance/report/test-purposes.ts).
import { Before } from '@cucumber/cucumber';
import { labControlReason } from '../conformance/pixit/lab-control.ts';
import type { LabWorld } from './world.ts';

Before(function (this: LabWorld, { pickle }) {
  const target = this.pixit;
  if (target === undefined) return;
  const sccp = target.pixit.addresses.sccp;
  // The target's SCCP port may not be 2000: tshark decodes it as SCCP all the same (hooks.ts).
  if (sccp !== undefined) this.decodePorts.sccp.add(sccp.port);
  if (!pickle.tags.some((t) => t.name === '@lab-control')) {
    this.attach(
      `target: pixit:${target.file} (${target.pixit.iut.vendor} ${target.pixit.iut.product} ${target.pixit.iut.version})`,
      'text/plain',
    );
    return;
  }
  this.attach(
    `inconc: ${labControlReason(
      pickle.steps.map((s) => s.text),
      target.file,
    )}`,
    'text/plain',
  );
  return 'skipped';
});
