// A real target (`ctilab run --target pixit:<file>`, conformance/pixit/): the world parameter
// `pixit` names a PIXIT file. No lab starts; the steps reach the target at the PIXIT's addresses,
// with the phones (MACs), lines and users the PIXIT maps to the names the features use, on the
// real clock. Whatever needs the lab itself (its internals, its clock, its faults) is refused here
// with a clear error, and the scenarios that need it are tagged `@lab-control` (pixit-hooks.ts).
import { type LoadedPixit, loadPixit } from '../conformance/pixit/load-pixit.ts';
import type { Endpoint } from '../simulators/runtime/lab-runtime.ts';
import type { EphoneConfig } from '../simulators/station/station-config.ts';

const loaded = new Map<string, LoadedPixit>();

/** The PIXIT of world parameter `pixit` (a file name), read once per run; undefined for a lab. */
export function pixitParameter(parameters: unknown): LoadedPixit | undefined {
  const file = (parameters as { pixit?: unknown } | undefined)?.pixit;
  if (file === undefined) return undefined;
  if (typeof file !== 'string')
    throw new Error(`world parameter pixit must be a PIXIT file name, not ${JSON.stringify(file)}`);
  let p = loaded.get(file);
  if (p === undefined) {
    p = loadPixit(file);
    loaded.set(file, p);
  }
  return p;
}

/** What a step that needs the lab says on a real target. */
export function notOnRealTarget(target: LoadedPixit, what: string): Error {
  return new Error(
    `${what} needs the lab; on a real target (pixit:${target.file}) only its protocols are reached: tag the scenario @lab-control`,
  );
}

/** A step that would start a lab refuses on a real target: no lab starts there. */
export function noLabOnRealTarget(world: { readonly pixit: LoadedPixit | undefined }, what: string): void {
  if (world.pixit) throw notOnRealTarget(world.pixit, `starting ${what}`);
}

/** Ephone `tag` as the PIXIT gives it (`numbers.phones`). */
export function pixitEphone(target: LoadedPixit, tag: number): EphoneConfig {
  const phone = target.pixit.numbers.phones[String(tag)];
  if (phone === undefined) throw new Error(`${target.file}: numbers.phones has no phone ${tag}`);
  return {
    tag,
    mac: phone.mac,
    deviceName: `SEP${phone.mac}`,
    model: phone.model,
    buttons: [],
    logoutProfile: undefined,
  };
}

export function pixitSccp(target: LoadedPixit): Endpoint {
  const sccp = target.pixit.addresses.sccp;
  if (sccp === undefined) throw new Error(`${target.file}: addresses.sccp is not given`);
  return { host: sccp.host, port: sccp.port };
}

/** The target's CTI interface (CSTA over SIP). */
export function pixitSip(target: LoadedPixit): {
  host: string;
  port: number;
  transport: 'tcp' | 'tls' | 'udp';
} {
  const sip = target.pixit.addresses.sip;
  if (sip === undefined) throw new Error(`${target.file}: addresses.sip is not given`);
  return sip;
}

/** The target's DN for a line the features name (identity when the PIXIT does not map it). */
export function pixitLine(target: LoadedPixit | undefined, line: string): string {
  return target?.pixit.numbers.lines[line] ?? line;
}

/** The target's user for a CTI client the features name (identity when not mapped). */
export function pixitUser(target: LoadedPixit | undefined, name: string): string {
  return target?.pixit.numbers.users[name] ?? name;
}
