// Merges pcap files into one, in time order (Wireshark's mergecap(1), Debian package
// wireshark-common, installed with tshark). Used to put what a lab captured (a node's own capture,
// or the lab network's) into a scenario's pcap.
import { execFile } from 'node:child_process';
import { renameSync } from 'node:fs';

/** Merges `inputs` into `out` (pcap, Ethernet); `out` may be one of the inputs. */
export function mergeCaptures(out: string, inputs: readonly string[]): Promise<void> {
  const tmp = `${out}.merging`;
  return new Promise((resolve, reject) => {
    execFile(
      'mergecap',
      ['-F', 'pcap', '-w', tmp, ...inputs],
      { timeout: 60_000 },
      (err, _stdout, stderr) => {
        if (err) {
          reject(new Error(`mergecap: ${String(stderr).trim() || err.message}`));
          return;
        }
        renameSync(tmp, out);
        resolve();
      },
    );
  });
}
