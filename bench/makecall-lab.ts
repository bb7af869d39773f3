// The lab of the SIPp-vs-ctilab MakeCall comparison: a CME (`ctilab serve cme`, CTI on, every DN
// `cti watch`) and its SCCP phones (`ctilab phones --answer-after`), each in its own process on
// ephemeral ports; phone 2i-1 calls phone 2i.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CtilabChild } from '../simulators/runtime/ctilab-child.ts';
import { generateCmeConfig } from './generate-cme-config.ts';
import type { MakeCallPair } from './sipp-run.ts';

export interface MakeCallLab {
  readonly sip: { readonly host: string; readonly port: number };
  readonly pairs: readonly MakeCallPair[];
  readonly cmePid: number | undefined;
  readonly phonesPid: number | undefined;
  /** The phones' `stopping` line (answered calls, registrations lost), after stop. */
  stop(): Promise<Record<string, unknown> | undefined>;
}

const macBase = '00AC00000000';

/** Starts the CME and 2 x `pairs` phones, each answering `answerAfterMs` after it rings. */
export async function startMakeCallLab(opts: {
  readonly pairs: number;
  readonly answerAfterMs: number;
  /** Where the generated IOS config is written. */
  readonly dir: string;
}): Promise<MakeCallLab> {
  const count = 2 * opts.pairs;
  const configPath = join(opts.dir, 'cme-makecall.cfg');
  await writeFile(configPath, generateCmeConfig({ count, macBase, keepaliveSeconds: 30, cti: true }));
  const cme = new CtilabChild('cme', [
    ...['serve', 'cme', '--config', configPath, '--host', '127.0.0.1'],
    ...['--sccp-port', '0', '--sip-port', '0'],
  ]);
  let phones: CtilabChild | undefined;
  try {
    const ready = await cme.waitForLine((v) => 'endpoints' in v, 30_000, 'ready line', 0);
    const endpoints = ready.value.endpoints as Record<string, { host?: unknown; port?: unknown } | undefined>;
    const sip = endpoints.sip;
    const sccp = endpoints.sccp;
    if (typeof sip?.host !== 'string' || typeof sip.port !== 'number')
      throw new Error(`ctilab serve cme printed no endpoints.sip: ${JSON.stringify(ready.value)}`);
    if (typeof sccp?.host !== 'string' || typeof sccp.port !== 'number')
      throw new Error(`ctilab serve cme printed no endpoints.sccp: ${JSON.stringify(ready.value)}`);
    phones = new CtilabChild('phones', [
      ...['phones', '--target', `${sccp.host}:${sccp.port}`, '--count', String(count)],
      ...['--mac-base', macBase, '--answer-after', String(opts.answerAfterMs)],
    ]);
    const reg = await phones.waitForLine(
      (v) => typeof v.registered === 'number',
      60_000,
      'registration line',
      0,
    );
    if (reg.value.registered !== count)
      throw new Error(
        `${count} phones, ${String(reg.value.registered)} registered: ${JSON.stringify(reg.value)}`,
      );
    const pairs = Array.from({ length: opts.pairs }, (_, i) => ({
      caller: String(100_000 + 2 * i + 1),
      callee: String(100_000 + 2 * i + 2),
    }));
    const p = phones;
    return {
      sip: { host: sip.host, port: sip.port },
      pairs,
      cmePid: cme.pid,
      phonesPid: p.pid,
      stop: async () => {
        await p.stop(5000);
        await cme.stop(5000);
        const stopping = p.lines.find((l) => 'stopping' in l.value)?.value.stopping;
        return stopping as Record<string, unknown> | undefined;
      },
    };
  } catch (e) {
    await Promise.allSettled([phones?.stop(3000), cme.stop(3000)]);
    throw e;
  }
}
