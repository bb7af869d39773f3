import type { Clock } from '../lab/clock.ts';
import type { ObservationStream } from '../lab/observation.ts';
import { mustSucceed } from '../lab/result.ts';
import type { StationCallControl } from '../station/call-control.ts';
import { ephoneModel } from '../station/phone-models.ts';
import type { StationServer } from '../station/station-server.ts';
import type { IosConfig } from './config/ios-config-types.ts';
import type { CtiButton, CtiHost, CtiLineAppearances, CtiSettings } from './cti/cti-ports.ts';

export interface CmeCtiHostParts {
  readonly node: StationServer;
  readonly calls: StationCallControl;
  readonly ios: IosConfig;
  readonly observations: ObservationStream;
  /** Default the node's clock. */
  readonly clock?: Clock;
}

/**
 * The CME's parts as the CTI service sees them (cti/cti-ports.ts): the station configuration and
 * line appearances of the SCCP node, its call control on the shared call model, the IOS CTI
 * settings, the clock and the observation stream.
 */
export function cmeCtiHost(parts: CmeCtiHostParts): CtiHost {
  const { node, calls, ios } = parts;
  return {
    name: node.name,
    clock: parts.clock ?? node.clock,
    observations: parts.observations,
    settings: iosCtiSettings(ios),
    config: { dns: node.config.dns, ephones: node.config.ephones, phoneModel: ephoneModel },
    lines: stationLines(node, calls),
    calls,
  };
}

/** The IOS CTI settings, read from the parsed config each time (CME CSTA guide Steps 7-11). */
function iosCtiSettings(ios: IosConfig): CtiSettings {
  return {
    get enabled() {
      return ios.voiceServiceVoip?.ctiShutdown === false;
    },
    get basicMode() {
      return ios.voiceServiceVoip?.ctiCstaModeBasic === true;
    },
    get suppressDeviceIdConversion() {
      return ios.voiceServiceVoip?.ctiMessageDeviceIdSuppressConversion === true;
    },
    isCtiAwareRegisterId: (registerId) =>
      registerId !== undefined &&
      [...ios.voiceRegisterSessionServers.values()].some((s) => s.ctiAware && s.registerId === registerId),
    userProfileNumbers: (user) => [...ios.voiceUserProfiles.values()].find((p) => p.user === user)?.numbers,
    logoutProfileNumbers: (tag) => ios.voiceLogoutProfiles.get(tag)?.numbers,
    remoteDestinationsOf: (number) =>
      [...ios.ephoneDns.values()].flatMap((d) =>
        d.snr?.number === number && d.number !== undefined
          ? [{ dn: d.number, mobility: d.mobility, timeoutSeconds: d.snr.timeoutSeconds }]
          : [],
      ),
  };
}

/** The node's line appearances, and Extension Mobility's rewrite of an ephone's buttons. */
function stationLines(node: StationServer, calls: StationCallControl): CtiLineAppearances {
  const appearances = node.appearances;
  return {
    appearancesOf: (dn) => appearances.appearancesOf(dn),
    isShared: (dn) => appearances.isShared(dn),
    isOverlay: (dn) => appearances.isOverlay(dn),
    setLineButtons: (ephoneTag, buttons) => setLineButtons(node, calls, ephoneTag, buttons),
  };
}

/**
 * Give an ephone new line buttons (CME CSTA guide `emadmin login` / `emadmin logout`): rewrite its
 * buttons, rebuild the line appearances in place, and send the phone a Reset (restart) so it
 * re-registers and fetches its new button template.
 */
function setLineButtons(
  node: StationServer,
  calls: StationCallControl,
  ephoneTag: number,
  buttons: readonly CtiButton[],
): void {
  const ephone = node.config.ephones.get(ephoneTag);
  if (ephone === undefined) return;
  const before = new Set(ephone.buttons.flatMap((b) => b.dnTags));
  ephone.buttons = buttons.map((b) => ({ index: b.index, kind: b.kind, dnTags: [...b.dnTags] }));
  node.appearances.rebuild(node.config);
  // DNs that left or joined a registered phone change service state now (cti notify keeps a
  // phoneless DN up); the restarted phone registers again with its new lines.
  for (const tag of new Set([...before, ...buttons.flatMap((b) => b.dnTags)])) {
    const dn = node.config.dns.get(tag);
    if (dn === undefined || !calls.model.hasDevice(dn.number)) continue;
    const onPhone = node.appearances.appearancesOf(dn.number).some((a) => calls.stations.has(a.deviceName));
    mustSucceed(
      calls.model.setInService(dn.number, onPhone || dn.ctiNotify),
      `service state of ${dn.number}`,
    );
  }
  // Wireshark's SkinnyProtocolOptimized.xml DeviceResetType 2 = RESTART.
  node.reset(ephone.deviceName, 2);
}
