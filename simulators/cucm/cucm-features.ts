// What the CUCM CTI gateway answers to GetCSTAFeatures: the CME's services and events
// (cme/cti/cti-features.ts, which the gateway reuses) plus the ones only the gateway serves, silent
// monitoring (SingleStepConferenceCall, CUCM-ACG-008) and recording (RecordMessage and Stop with
// their Record and Stop events, CUCM-ACG-010). Flag and group names: the ECMA-323 capability lists
// (ServEvtsList children callControlServList / voiceServList / voiceEvtsList and their Caps
// children singleStepConference, recordMsg, stop, record, stopEvent), read from the ECMA-323 ed6
// classes the ECMA-323 schema (ed3/ed6 element order) was recovered from (emsonm/Ratcow.Csta Ed6.cs).
import { featureGroups, supportedRequestTypes } from '../cme/cti/cti-features.ts';
import type { CstaFeatureGroup } from '../csta/csta-schema-kinds.ts';
import type { CstaRequest } from '../csta/csta-types.ts';

/** The services only the gateway serves (cucm-cti.ts sends them to cucm-call-services.ts). */
export const CUCM_ONLY_SERVICES = ['SingleStepConferenceCall', 'RecordMessage', 'Stop'] as const;
export type CucmOnlyRequest = Extract<CstaRequest, { type: (typeof CUCM_ONLY_SERVICES)[number] }>;

export function isCucmOnlyRequest(request: CstaRequest): request is CucmOnlyRequest {
  return (CUCM_ONLY_SERVICES as readonly string[]).includes(request.type);
}

const EXTRA_SERVICES: readonly (readonly [string, readonly string[]])[] = [
  ['callControlServList', ['singleStepConference']],
  ['voiceServList', ['recordMsg', 'stop']],
];

const EXTRA_EVENTS: readonly (readonly [string, readonly string[]])[] = [
  ['voiceEvtsList', ['record', 'stopEvent']],
];

function withExtra(
  groups: readonly CstaFeatureGroup[],
  extra: readonly (readonly [string, readonly string[]])[],
): CstaFeatureGroup[] {
  const out = groups.map((g) => ({ name: g.name, features: [...g.features] }));
  for (const [name, flags] of extra) {
    let group = out.find((g) => g.name === name);
    if (group === undefined) {
      group = { name, features: [] };
      out.push(group);
    }
    for (const flag of flags) group.features.push({ name: flag, supported: true });
  }
  return out;
}

/** GetCSTAFeaturesResponse of the gateway: never basic mode (the gateway has no such switch). */
export function cucmFeatureGroups(): {
  supportedServices: CstaFeatureGroup[];
  supportedEvents: CstaFeatureGroup[];
} {
  const cme = featureGroups(false);
  return {
    supportedServices: withExtra(cme.supportedServices, EXTRA_SERVICES),
    supportedEvents: withExtra(cme.supportedEvents, EXTRA_EVENTS),
  };
}

/** Every request type the gateway serves: the CME's and its own. */
export function cucmRequestTypes(): Set<CstaRequest['type']> {
  return new Set([...supportedRequestTypes(), ...CUCM_ONLY_SERVICES]);
}
