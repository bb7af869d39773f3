import { BenchOptionError } from './bench-option-error.ts';

export interface CstaBenchConfigOptions {
  /** Number of ephone-dns (1..10,000), each `cti watch` and `cti notify`. */
  dns: number;
  /** Number of ephone-dn i is firstNumber + i (default 5000). */
  firstNumber?: number;
  hostname?: string;
}

/** The parser's `max-dn` range is 1..100000; a CSTA bench needs far fewer DNs. */
export const maxCstaBenchDns = 10_000;

/**
 * IOS running-config text for the CSTA benchmark: CTI enabled (`voice service voip` /
 * `no cti shutdown`, CME CSTA guide "Enable CTI") and `dns` phoneless ephone-dns, each with `cti watch`
 * (CME CSTA guide: monitoring only on DNs with `cti watch`) and `cti notify` (CME CSTA guide Step 7: keeps a
 * DN with no phone up for CTI), so the CME needs no SCCP phones. Returns the config and the DNs.
 * Throws {@link BenchOptionError} for a parameter the CME would refuse.
 */
export function generateCstaBenchConfig(opts: CstaBenchConfigOptions): { text: string; numbers: string[] } {
  const { dns } = opts;
  const firstNumber = opts.firstNumber ?? 5000;
  if (!Number.isInteger(dns) || dns < 1 || dns > maxCstaBenchDns)
    throw new BenchOptionError('dns', `${dns} is not an integer in 1..${maxCstaBenchDns}`);
  if (!Number.isSafeInteger(firstNumber) || firstNumber < 0)
    throw new BenchOptionError('firstNumber', `${firstNumber} is not a non-negative integer`);
  const numbers: string[] = [];
  const lines: string[] = [
    `hostname ${opts.hostname ?? 'bench-csta'}`,
    '!',
    'voice service voip',
    ' no cti shutdown',
    '!',
    'telephony-service',
    ' max-ephones 1',
    ` max-dn ${dns}`,
    ' ip source-address 127.0.0.1 port 2000',
    '!',
  ];
  for (let i = 1; i <= dns; i++) {
    const number = String(firstNumber + i);
    numbers.push(number);
    lines.push(`ephone-dn ${i}`, ` number ${number}`, ' cti watch', ' cti notify', '!');
  }
  lines.push('end', '');
  return { text: lines.join('\n'), numbers };
}
