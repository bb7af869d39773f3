import { BenchOptionError } from './bench-option-error.ts';

export interface BenchCmeConfigOptions {
  /** Number of ephones, each with one ephone-dn on button 1 (1..10,000). */
  count: number;
  /** MAC of ephone 1 as 12 hex digits; ephone i gets base + (i - 1). */
  macBase: string;
  /** telephony-service `keepalive` in seconds (IOS range 10..65535). */
  keepaliveSeconds: number;
  /** Number of ephone-dn i is firstNumber + i (default 100000). */
  firstNumber?: number;
  hostname?: string;
  /**
   * CTI on (`voice service voip` / `no cti shutdown`, CME CSTA guide "Enable CTI") and `cti watch`
   * on every ephone-dn (CME CSTA guide Step 6: the DN may be monitored and controlled): the phones'
   * lines can be driven by CSTA MakeCall (bench/sipp-csta.ts). Default false.
   */
  cti?: boolean;
}

/**
 * The parser's `max-ephones` range (simulators/cme/config/ios-config-telephony-service.ts: 1..10000);
 * one ephone-dn per ephone stays well inside `max-dn` (1..100000).
 */
export const maxBenchEphones = 10_000;
const maxMac = 0xffff_ffff_ffffn;

/**
 * IOS running-config text for a registration benchmark: `count` ephones, `max-ephones` and
 * `max-dn` equal to `count`, ephone-dn i with number firstNumber + i on button 1 of ephone i,
 * MACs counting up from `macBase` (the same MACs `ctilab phones --count N --mac-base` uses).
 * Throws {@link BenchOptionError} for a parameter the CME would refuse.
 */
export function generateCmeConfig(opts: BenchCmeConfigOptions): string {
  const { count, keepaliveSeconds } = opts;
  const firstNumber = opts.firstNumber ?? 100_000;
  if (!Number.isInteger(count) || count < 1 || count > maxBenchEphones)
    throw new BenchOptionError('count', `${count} is not an integer in 1..${maxBenchEphones}`);
  // Cisco CME command reference: telephony-service keepalive 10..65535 seconds.
  if (!Number.isInteger(keepaliveSeconds) || keepaliveSeconds < 10 || keepaliveSeconds > 65535)
    throw new BenchOptionError('keepaliveSeconds', `${keepaliveSeconds} is not an integer in 10..65535`);
  if (!Number.isSafeInteger(firstNumber) || firstNumber < 0)
    throw new BenchOptionError('firstNumber', `${firstNumber} is not a non-negative integer`);
  const base = parseMacBase(opts.macBase);
  if (base + BigInt(count - 1) > maxMac)
    throw new BenchOptionError('macBase', `${opts.macBase} + ${count - 1} overflows 48 bits`);
  const lines: string[] = [
    `hostname ${opts.hostname ?? 'bench-cme'}`,
    '!',
    ...(opts.cti ? ['voice service voip', ' no cti shutdown', '!'] : []),
    'telephony-service',
    ` max-ephones ${count}`,
    ` max-dn ${count}`,
    ' ip source-address 127.0.0.1 port 2000',
    ` keepalive ${keepaliveSeconds}`,
    '!',
  ];
  for (let i = 1; i <= count; i++) {
    lines.push(`ephone-dn ${i}`, ` number ${firstNumber + i}`, ...(opts.cti ? [' cti watch'] : []), '!');
  }
  for (let i = 1; i <= count; i++) {
    lines.push(
      `ephone ${i}`,
      ` mac-address ${iosMac(macAt(base, i - 1))}`,
      ' type 7961',
      ` button 1:${i}`,
      '!',
    );
  }
  lines.push('end', '');
  return lines.join('\n');
}

/** `0011AABB0000` -> 0x0011AABB0000n; throws {@link BenchOptionError} unless 12 hex digits. */
export function parseMacBase(mac: string): bigint {
  if (!/^[0-9a-fA-F]{12}$/.test(mac)) throw new BenchOptionError('macBase', `'${mac}' is not 12 hex digits`);
  return BigInt(`0x${mac}`);
}

/** The i-th MAC (0-based) counting from base, as 12 upper-case hex digits. */
export function macAt(base: bigint, i: number): string {
  return (base + BigInt(i)).toString(16).toUpperCase().padStart(12, '0');
}

/** 12 hex digits -> IOS dotted notation HHHH.HHHH.HHHH. */
function iosMac(mac: string): string {
  return `${mac.slice(0, 4)}.${mac.slice(4, 8)}.${mac.slice(8, 12)}`;
}
