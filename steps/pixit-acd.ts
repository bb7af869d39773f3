// The ACD features on a real CTI Server (`--target pixit:<file>` with `target: acd`): the sides A
// and B of the PIXIT's `addresses.ctiServer`; there is no AcdLab, and a step that needs one (its
// peripheral, agents, phones, faults) fails with "tag the scenario @lab-control".

import type { LoadedPixit } from '../conformance/pixit/load-pixit.ts';
import type { AcdLab } from '../simulators/acd-cti/acd-lab.ts';
import { notOnRealTarget } from './pixit-target.ts';

export function pixitCtiServerSide(target: LoadedPixit, side: string): { host: string; port: number } {
  const sides = target.pixit.addresses.ctiServer;
  if (sides === undefined) throw new Error(`${target.file}: addresses.ctiServer is not given`);
  const ep = side === 'A' ? sides.sideA : side === 'B' ? sides.sideB : undefined;
  if (ep === undefined) throw new Error(`${target.file}: addresses.ctiServer has no side ${side}`);
  return ep;
}

/** The lab of an ACD scenario on a real target: it refuses every use, as `world.cme()` does. */
export function pixitAcdLab(target: LoadedPixit): AcdLab {
  return new Proxy({} as AcdLab, {
    get(_t, key) {
      throw notOnRealTarget(target, `the ACD lab's ${String(key)}`);
    },
  });
}
