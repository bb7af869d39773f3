/**
 * The CME of a TR/87 client-validation profile: the IOS config of a lab file (labs/*.cfg), its CTI
 * on SIP at the port asked, granting the run's short Session-Expires, and its ephones with a
 * button as simulated SCCP phones registered to it, so the plan can make calls on the lines the
 * client controls.
 */
import { readFile } from 'node:fs/promises';
import { CmeLab, type StartedCme } from '../../simulators/cme/cme.ts';
import type { IosConfig } from '../../simulators/cme/config/ios-config-types.ts';
import { loadCmeConfig } from '../../simulators/cme/config/load-cme-config.ts';
import { SccpPhone } from '../../simulators/phone/phone.ts';
import type { ProfileStartOptions } from './client-profile.ts';
import { until } from './tr87-plan.ts';

export interface CmeValidationLab {
  readonly cme: StartedCme;
  /** Phones by their line's number (`201` -> the phone with button 1 on DN 201). */
  readonly phones: ReadonlyMap<string, SccpPhone>;
  readonly sip: { host: string; port: number };
  stop(): Promise<void>;
}

/** Reads `labs/<file>` of the repository. */
export const labFile = (file: string) => readFile(new URL(`../../labs/${file}`, import.meta.url), 'utf8');

export async function startCmeValidationLab(
  cfgFile: string,
  opts: ProfileStartOptions,
  adjust: (ios: IosConfig) => void = () => {},
): Promise<CmeValidationLab> {
  const { config, ios } = loadCmeConfig(await labFile(cfgFile));
  adjust(ios);
  const lab = new CmeLab({
    config,
    ios,
    host: opts.host,
    sccpPort: 0,
    sipPort: opts.port,
    clock: opts.clock,
    observations: opts.observations,
    log: opts.log,
    grantedSessionExpires: opts.settings.sessionExpiresSeconds,
  });
  const cme = await lab.start();
  const sip = cme.endpoints.sip;
  if (!sip) {
    await cme.stop();
    throw new Error(`${cfgFile}: the CME serves no CTI (SIP)`);
  }
  const phones = new Map<string, SccpPhone>();
  for (const e of config.ephones.values()) {
    const dnTag = e.buttons[0]?.dnTags[0];
    const dn = dnTag === undefined ? undefined : config.dns.get(dnTag);
    if (!dn || !e.mac) continue;
    const phone = new SccpPhone({
      mac: e.mac,
      model: e.model ?? '7961',
      servers: [cme.endpoints.sccp],
      clock: opts.clock,
    });
    await phone.start();
    phones.set(dn.number, phone);
  }
  const ready = await until(
    { clock: opts.clock, signal: new AbortController().signal },
    () => [...phones.values()].every((p) => p.state.registered),
    5000,
  );
  if (!ready) opts.log('not every phone registered within 5 s');
  return {
    cme,
    phones,
    sip,
    async stop() {
      for (const p of phones.values()) await p.stop().catch(() => {});
      await cme.stop();
    },
  };
}
