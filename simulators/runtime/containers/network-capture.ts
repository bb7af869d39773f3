// Captures a lab network (issue 9 item 7): every frame between the lab's containers, on the Linux
// bridge Docker made for the network (`br-<first 12 hex digits of the network id>`), by dumpcap
// (Debian package wireshark-common, installed with tshark) as pcap. Needs the Docker engine on this
// machine and capture rights (root).
import { type ChildProcess, spawn } from 'node:child_process';
import { type Clock, systemClock } from '../../lab/clock.ts';

export function bridgeInterface(networkId: string): string {
  return `br-${networkId.slice(0, 12)}`;
}

export class NetworkCapture {
  private readonly proc: ChildProcess;
  private readonly exited: Promise<void>;
  private stderr = '';

  private constructor(
    readonly file: string,
    iface: string,
  ) {
    // -P: pcap rather than pcapng (the scenario pcaps are pcap); -q: no packet counts.
    this.proc = spawn('dumpcap', ['-q', '-P', '-i', iface, '-w', file], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    this.exited = new Promise((resolve) => this.proc.once('close', () => resolve()));
  }

  /** Starts dumpcap on the interface and waits until it captures ("Capturing on ..."). */
  static start(
    file: string,
    iface: string,
    clock: Clock = systemClock,
    timeoutMs = 10_000,
  ): Promise<NetworkCapture> {
    const capture = new NetworkCapture(file, iface);
    return new Promise((resolve, reject) => {
      const fail = (why: string) => {
        timer.cancel();
        capture.proc.kill('SIGKILL');
        reject(new Error(`dumpcap on ${iface} did not start: ${why}`));
      };
      const timer = clock.setTimeout(
        () => fail(capture.stderr.trim() || `nothing within ${timeoutMs} ms`),
        timeoutMs,
      );
      capture.proc.stderr!.on('data', () => {
        if (!/Capturing on/.test(capture.stderr)) return;
        timer.cancel();
        resolve(capture);
      });
      capture.proc.once('error', (err) => fail(err.message));
      capture.proc.once('close', () => fail(capture.stderr.trim() || 'it exited'));
    });
  }

  /** Stops dumpcap (SIGINT: it finishes the file) and waits for it; SIGKILL after 5 s. */
  async stop(clock: Clock = systemClock): Promise<void> {
    if (this.proc.exitCode === null) this.proc.kill('SIGINT');
    const timer = clock.setTimeout(() => this.proc.kill('SIGKILL'), 5000);
    await this.exited;
    timer.cancel();
  }
}
