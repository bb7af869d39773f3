import { CaptureError } from './capture-error.ts';
import { CaptureRecorder, type CaptureStats } from './capture-recorder.ts';
import type { ObservationStream, WireProtocol } from './observation.ts';

export interface CaptureSetOptions {
  /** The run-level capture: everything from start() to stop(). */
  runPath: string;
  protocols?: WireProtocol[];
  dedupe?: boolean;
}

/**
 * One pcap per run plus one per scenario (DESIGN.md section 7: reports link each test purpose to
 * its pcap). Both recorders listen to the same stream, so both get the same packets; the harness
 * brackets each scenario with `beginScenario(path)` / `endScenario()`. A connection opened before
 * the scenario began keeps its true client/server roles in the scenario's file (taken from the
 * run capture) and gets a synthesised handshake there.
 */
export class CaptureSet {
  private readonly stream: ObservationStream;
  private readonly opts: CaptureSetOptions;
  private readonly run: CaptureRecorder;
  private scenario: CaptureRecorder | undefined;

  constructor(stream: ObservationStream, opts: CaptureSetOptions) {
    this.stream = stream;
    this.opts = opts;
    this.run = new CaptureRecorder(stream, {
      path: opts.runPath,
      ...(opts.protocols ? { protocols: opts.protocols } : {}),
      ...(opts.dedupe !== undefined ? { dedupe: opts.dedupe } : {}),
    });
  }

  get runStats(): CaptureStats {
    return this.run.stats;
  }

  get scenarioPath(): string | undefined {
    return this.scenario?.path;
  }

  start(): void {
    this.run.start();
  }

  /** Starts the per-scenario capture. Throws {@link CaptureError} when one is already open. */
  beginScenario(path: string): void {
    if (!this.run.running) throw new CaptureError('not-started', 'start() the capture set before a scenario');
    if (this.scenario) {
      throw new CaptureError('scenario-open', `scenario capture ${this.scenario.path} is still open`);
    }
    const rec = new CaptureRecorder(this.stream, {
      path,
      ...(this.opts.protocols ? { protocols: this.opts.protocols } : {}),
      ...(this.opts.dedupe !== undefined ? { dedupe: this.opts.dedupe } : {}),
      // The run recorder subscribed first, so it has already seen each observation's `open`.
      clientHint: (a, b) => this.run.clientOf(a, b),
    });
    rec.start();
    this.scenario = rec;
  }

  /** Stops the per-scenario capture and returns its stats. */
  async endScenario(): Promise<CaptureStats> {
    const rec = this.scenario;
    if (!rec) throw new CaptureError('no-scenario', 'no scenario capture is open');
    this.scenario = undefined;
    await rec.stop();
    return rec.stats;
  }

  /** Ends any open scenario capture, then the run capture. */
  async stop(): Promise<void> {
    const pending: Promise<unknown>[] = [];
    if (this.scenario) pending.push(this.endScenario());
    pending.push(this.run.stop());
    const results = await Promise.allSettled(pending);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
}
