import type { Clock } from '../lab/clock.ts';
import { ObservationStream } from '../lab/observation.ts';
import { CmeCallControl } from './cme-call-control.ts';
import type { CmeLabConfig } from './cme-lab-config.ts';
import { CmeNode } from './cme-node.ts';

export interface CmeLabOptions {
  config: CmeLabConfig;
  host?: string;
  sccpPort?: number;
  clock?: Clock;
  observations?: ObservationStream;
  name?: string;
  log?: (line: string) => void;
}

/**
 * One simulated CME as a unit: the SCCP node with its call control on one call model. This is
 * what `ctilab serve cme` runs and what the features start in the embedded runtime.
 */
export class CmeLab {
  readonly node: CmeNode;
  readonly calls: CmeCallControl;
  readonly observations: ObservationStream;

  constructor(opts: CmeLabOptions) {
    this.observations = opts.observations ?? new ObservationStream();
    this.node = new CmeNode({
      config: opts.config,
      host: opts.host,
      sccpPort: opts.sccpPort,
      clock: opts.clock,
      observations: this.observations,
      name: opts.name,
      log: opts.log,
    });
    this.calls = new CmeCallControl(this.node);
  }

  start(): Promise<{ host: string; port: number }> {
    return this.node.start();
  }

  stop(): Promise<void> {
    return this.node.stop();
  }
}
