import type { CstaFeatureGroup } from '../../csta/csta-schema-kinds.ts';
import type { CstaEvent, CstaRequest } from '../../csta/csta-types.ts';

/**
 * What the CME answers to GetCSTAFeatures: exactly the services `CmeCti.handle` implements
 * (CME CSTA guide Table 1 "Supported CSTA Services and Events" plus the session services of "CTI
 * Session": system status, capability exchange, monitor start/stop) and exactly the events it
 * delivers to monitors.
 *
 * Group and flag names follow ECMA-323's capability-exchange lists (`callControlServList`,
 * `callControlEvtsList`, ...). Uncertain: the ECMA-323 schema (ed3/ed6 element order) does not record the
 * children of supportedServices / supportedEvents, so these names are from ECMA-323 as remembered.
 */
export const SUPPORTED_SERVICES: readonly {
  group: string;
  services: readonly [string, CstaRequest['type']][];
}[] = [
  { group: 'capExchangeServList', services: [['getCSTAFeatures', 'GetCSTAFeatures']] },
  {
    group: 'systemServList',
    services: [
      ['requestSystemStatus', 'RequestSystemStatus'],
      ['systemStatus', 'SystemStatus'],
    ],
  },
  {
    group: 'monitoringServList',
    services: [
      ['monitorStart', 'MonitorStart'],
      ['monitorStop', 'MonitorStop'],
    ],
  },
  { group: 'snapshotServList', services: [['snapshotDevice', 'SnapshotDevice']] },
  {
    group: 'callControlServList',
    services: [
      ['alternateCall', 'AlternateCall'],
      ['answerCall', 'AnswerCall'],
      ['clearConnection', 'ClearConnection'],
      ['consultationCall', 'ConsultationCall'],
      ['deflectCall', 'DeflectCall'],
      ['holdCall', 'HoldCall'],
      ['makeCall', 'MakeCall'],
      ['reconnectCall', 'ReconnectCall'],
      ['retrieveCall', 'RetrieveCall'],
      ['singleStepTransfer', 'SingleStepTransferCall'],
      ['transferCall', 'TransferCall'],
    ],
  },
  { group: 'callAssociatedServList', services: [['generateDigits', 'GenerateDigits']] },
  { group: 'physDevServList', services: [['setMsgWaitingInd', 'SetMessageWaitingIndicator']] },
  {
    group: 'logicalServList',
    services: [
      ['getDoNotDisturb', 'GetDoNotDisturb'],
      ['getForwarding', 'GetForwarding'],
      ['setDoNotDisturb', 'SetDoNotDisturb'],
      ['setForwarding', 'SetForwarding'],
    ],
  },
];

type EventFlag = readonly [string, CstaEvent['type'], 'basic' | 'enhanced'];

/**
 * Events delivered to device monitors. `cti csta mode basic` (CME CSTA guide Step 10: "Suppresses
 * enhanced feature/extension in CTI messages") is read as: no `extensions`/private data in any
 * message, and only the events of the Table 1 services' ECMA-269 basic call and feature models —
 * `enhanced` marks the ones suppressed (DigitsGenerated, which reports the enhanced DTMF detail
 * of GenerateDigits; the service itself still works). CallCleared is never sent: it is a call
 * monitor's event and the CME has device monitors only.
 */
export const SUPPORTED_EVENTS: readonly { group: string; events: readonly EventFlag[] }[] = [
  {
    group: 'callControlEvtsList',
    events: [
      ['conferenced', 'ConferencedEvent', 'basic'],
      ['connectionCleared', 'ConnectionClearedEvent', 'basic'],
      ['delivered', 'DeliveredEvent', 'basic'],
      ['diverted', 'DivertedEvent', 'basic'],
      ['established', 'EstablishedEvent', 'basic'],
      ['failed', 'FailedEvent', 'basic'],
      ['held', 'HeldEvent', 'basic'],
      ['originated', 'OriginatedEvent', 'basic'],
      ['retrieved', 'RetrievedEvent', 'basic'],
      ['serviceInitiated', 'ServiceInitiatedEvent', 'basic'],
      ['transferred', 'TransferedEvent', 'basic'],
    ],
  },
  { group: 'callAssociatedEvtsList', events: [['digitsGenerated', 'DigitsGeneratedEvent', 'enhanced']] },
  { group: 'physDevEvtsList', events: [['messageWaiting', 'MessageWaitingEvent', 'basic']] },
  {
    group: 'logicalDevEvtsList',
    events: [
      ['doNotDisturb', 'DoNotDisturbEvent', 'basic'],
      ['forwarding', 'ForwardingEvent', 'basic'],
    ],
  },
];

export function supportedRequestTypes(): Set<CstaRequest['type']> {
  return new Set(SUPPORTED_SERVICES.flatMap((g) => g.services.map(([, type]) => type)));
}

export function deliveredEventTypes(basicMode: boolean): Set<CstaEvent['type']> {
  return new Set(
    SUPPORTED_EVENTS.flatMap((g) =>
      g.events.filter(([, , level]) => !basicMode || level === 'basic').map(([, type]) => type),
    ),
  );
}

/** The supportedServices / supportedEvents groups of GetCSTAFeaturesResponse (only `true` flags). */
export function featureGroups(basicMode: boolean): {
  supportedServices: CstaFeatureGroup[];
  supportedEvents: CstaFeatureGroup[];
} {
  const events = deliveredEventTypes(basicMode);
  return {
    supportedServices: SUPPORTED_SERVICES.map((g) => ({
      name: g.group,
      features: g.services.map(([name]) => ({ name, supported: true })),
    })),
    supportedEvents: SUPPORTED_EVENTS.map((g) => ({
      name: g.group,
      features: g.events.filter(([, type]) => events.has(type)).map(([name]) => ({ name, supported: true })),
    })).filter((g) => g.features.length > 0),
  };
}
