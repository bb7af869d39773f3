// Delay and loss on a node's network (ctilab lab fault <node> delay <ms> | loss <pct>), set from
// the host inside the container's network namespace (`nsenter -t <pid> -n ...`), since the lab
// image has no shell and no tools. It shapes what the node sends (egress).
// - netem (tc-netem(8)) when the kernel has it: delay and loss.
// - otherwise loss only, with iptables' `statistic --mode random` match (iptables-extensions(8))
//   in a chain of our own; delay is refused with the reason (no kernel mechanism without netem).
// Needs the Docker engine on this machine and root; anything else is refused, never skipped.
import { execFileSync } from 'node:child_process';

export interface Impairment {
  readonly delayMs: number;
  readonly lossPercent: number;
}

export const NO_IMPAIRMENT: Impairment = { delayMs: 0, lossPercent: 0 };

/** A delay or loss that cannot be applied here, with the reason. */
export class ImpairmentUnavailable extends Error {}

const LOSS_CHAIN = 'CTILAB_LOSS';

/** Why impairments cannot be set from here, or undefined when they can. */
export function impairmentUnavailable(env = process.env): string | undefined {
  const host = env.DOCKER_HOST;
  if (host !== undefined && host !== '' && !host.startsWith('unix://'))
    return `delay and loss are set in the container's network namespace, which needs the Docker engine on this machine (DOCKER_HOST is ${host})`;
  if (process.getuid?.() !== 0) return 'delay and loss are set with nsenter, which needs root';
  return undefined;
}

/** The tc arguments for one interface: netem with the delay and loss, or no qdisc at all. */
export function netemArgs(iface: string, impairment: Impairment): string[] {
  if (impairment.delayMs === 0 && impairment.lossPercent === 0) return ['qdisc', 'del', 'dev', iface, 'root'];
  return [
    ...['qdisc', 'replace', 'dev', iface, 'root', 'netem'],
    ...['delay', `${impairment.delayMs}ms`, 'loss', `${impairment.lossPercent}%`],
  ];
}

/** The iptables rule of a loss: drop each sent packet with probability percent/100. */
export function lossRuleArgs(percent: number): string[] {
  return [
    ...['-A', LOSS_CHAIN, '-m', 'statistic', '--mode', 'random'],
    ...['--probability', (percent / 100).toFixed(4), '-j', 'DROP'],
  ];
}

/** Interfaces of the namespace other than loopback (`ip -o link` lines `2: eth0@if7: <...>`). */
export function parseInterfaces(ipLinkOutput: string): string[] {
  return ipLinkOutput
    .split('\n')
    .map((line) => /^\d+:\s+([^:@\s]+)/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined && name !== 'lo');
}

/** Applies the impairment to process `pid`'s network namespace; returns what was done. */
export function applyImpairment(pid: number, impairment: Impairment): string {
  const inNs = (command: string, args: string[]) =>
    execFileSync('nsenter', ['-t', String(pid), '-n', command, ...args], { encoding: 'utf8', stdio: 'pipe' });
  const ifaces = parseInterfaces(inNs('ip', ['-o', 'link']));
  if (impairment.delayMs === 0 && impairment.lossPercent === 0) {
    // Clear both mechanisms; either may not be there (a qdisc never set, a chain never made).
    for (const iface of ifaces) ignoreFailure(() => inNs('tc', netemArgs(iface, impairment)));
    ignoreFailure(() => inNs('iptables', ['-F', LOSS_CHAIN]));
    return `no delay and no loss on ${ifaces.join(', ')}`;
  }
  try {
    for (const iface of ifaces) inNs('tc', netemArgs(iface, impairment));
    return `netem on ${ifaces.join(', ')}: delay ${impairment.delayMs} ms, loss ${impairment.lossPercent}%`;
  } catch (err) {
    const stderr = String((err as { stderr?: string }).stderr ?? (err as Error).message);
    if (!/qdisc kind is unknown/i.test(stderr)) throw new ImpairmentUnavailable(`tc: ${stderr.trim()}`);
  }
  // No netem in this kernel.
  if (impairment.delayMs > 0)
    throw new ImpairmentUnavailable(
      'delay needs the netem queueing discipline (tc-netem(8)), which this kernel does not have; loss works without it',
    );
  try {
    inNs('iptables', ['-N', LOSS_CHAIN]);
  } catch {
    // The chain exists from an earlier loss.
  }
  inNs('iptables', ['-F', LOSS_CHAIN]);
  try {
    inNs('iptables', ['-C', 'OUTPUT', '-j', LOSS_CHAIN]);
  } catch {
    inNs('iptables', ['-A', 'OUTPUT', '-j', LOSS_CHAIN]);
  }
  if (impairment.lossPercent > 0) inNs('iptables', lossRuleArgs(impairment.lossPercent));
  return `iptables statistic drop of ${impairment.lossPercent}% of what the node sends (this kernel has no netem)`;
}

function ignoreFailure(run: () => unknown): void {
  try {
    run();
  } catch {
    // Nothing to clear.
  }
}
