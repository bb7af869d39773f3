/**
 * SIPp (Debian package `sip-tester`), the independent SIP implementation of the SIPp tests and
 * steps: `requireSipp()` throws, with how to install it, unless `sipp -v` prints its version.
 */
import { execFileSync } from 'node:child_process';

export const SIPP_INSTALL_HINT =
  'SIPp is not installed (no `sipp` on PATH): install the Debian package `sip-tester` ' +
  '(`DEBIAN_FRONTEND=noninteractive apt-get install -y sip-tester`).';

/** `sipp -v`'s output; throws Error(SIPP_INSTALL_HINT) when it names no SIPp. */
export function requireSipp(): string {
  let out = '';
  try {
    out = execFileSync('sipp', ['-v'], { encoding: 'utf8', timeout: 5000 });
  } catch (e) {
    out = String((e as { stdout?: string }).stdout ?? ''); // `sipp -v` exits non-zero on some builds
  }
  if (!/SIPp/.test(out)) throw new Error(SIPP_INSTALL_HINT);
  return out;
}
