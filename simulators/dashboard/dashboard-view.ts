/**
 * The dashboard's picture of a lab at one instant, as JSON: each phone's face (what its screen,
 * buttons, lamps and indicators show, from `phone.state`), each node's calls in progress (the
 * call model's snapshots) and its CTI sessions with their monitors; a CUCM cluster's servers,
 * CTIManagers and CTI gateways; ACD nodes' agents, skill groups and CTI Server sides; the alarms.
 */
import type { AcdNodeLive, CucmLive } from '../lab/live-state.ts';
import type { PhoneState } from '../phone/phone-state.ts';
import type { AlarmRow } from './dashboard-alarms.ts';
import type { DashboardCtiSession, DashboardSource } from './dashboard-source.ts';

export interface PhoneFace {
  readonly group: string;
  readonly device: string;
  readonly registered: boolean;
  /** The prompt line of the screen (the foreground call's prompt, else the idle prompt). */
  readonly prompt: string;
  /** A notify message on the screen (DisplayNotify / DisplayPriNotify), if any. */
  readonly notify: string | null;
  readonly lines: ReadonlyArray<{
    readonly line: number;
    readonly dn: string;
    readonly label: string;
    readonly lamp: string;
    readonly calls: ReadonlyArray<{
      readonly callReference: number;
      readonly state: string | null;
      readonly party: string;
    }>;
  }>;
  /** Labels of the soft keys of the set the server selected last (empty when none). */
  readonly softKeys: readonly string[];
  readonly softKeySet: string | null;
  readonly ringer: string;
  readonly speaker: 'on' | 'off';
  /** The message-waiting lamp (SetLamp VoiceMail), 'Off' when never set. */
  readonly mwi: string;
}

export interface CallRow {
  readonly node: string;
  readonly callID: string;
  readonly calling: string;
  readonly called: string;
  readonly parties: ReadonlyArray<{ readonly device: string; readonly state: string }>;
}

export interface DashboardView {
  readonly lab: string;
  readonly phones: readonly PhoneFace[];
  readonly calls: readonly CallRow[];
  readonly cti: ReadonlyArray<DashboardCtiSession & { readonly node: string }>;
  /** Each CUCM cluster of the lab (`node`: the cluster's name). */
  readonly cucm: ReadonlyArray<CucmLive & { readonly node: string }>;
  /** Each ACD node of the lab. */
  readonly acd: readonly AcdNodeLive[];
  /** Newest first (dashboard-alarms.ts). */
  readonly alarms: readonly AlarmRow[];
}

export function phoneFace(group: string, s: Readonly<PhoneState>): PhoneFace {
  const selected = s.selectedSoftKeys;
  const set = selected === null ? undefined : s.softKeySets.find((k) => k.name === selected.softKeySet);
  const keys =
    set === undefined || selected === null
      ? []
      : set.keys.filter((name, i) => name !== '' && (selected.validKeyMask & (1 << i)) !== 0);
  // The call the soft keys were selected for is the one on the screen.
  const foreground =
    selected === null
      ? undefined
      : Object.values(s.lines[String(selected.lineInstance)]?.calls ?? {}).find(
          (c) => c.callReference === selected.callReference,
        );
  const mwiKey = Object.keys(s.lamps).find((k) => k.startsWith('VoiceMail:'));
  return {
    group,
    device: s.deviceName,
    registered: s.registered,
    prompt: foreground?.prompt ?? s.prompt?.text ?? '',
    notify: s.notify?.text ?? null,
    lines: Object.values(s.lines)
      .sort((a, b) => a.lineInstance - b.lineInstance)
      .map((l) => ({
        line: l.lineInstance,
        dn: l.dirNumber,
        label: l.label || l.displayName || l.dirNumber,
        lamp: l.lamp,
        calls: Object.values(l.calls).map((c) => ({
          callReference: c.callReference,
          state: c.state,
          party:
            c.callInfo === null
              ? ''
              : c.callInfo.callType === 'InBoundCall'
                ? c.callInfo.callingParty
                : c.callInfo.calledParty,
        })),
      })),
    softKeys: keys,
    softKeySet: selected?.softKeySet ?? null,
    ringer: s.ringer,
    speaker: s.speaker,
    mwi: mwiKey === undefined ? 'Off' : (s.lamps[mwiKey] ?? 'Off'),
  };
}

export function dashboardView(source: DashboardSource, alarms: readonly AlarmRow[] = []): DashboardView {
  const phones = source.phoneGroups.flatMap(({ group, phones }) =>
    phones.map((p) => phoneFace(group, p.state)),
  );
  const calls: CallRow[] = [];
  const cti: Array<DashboardCtiSession & { node: string }> = [];
  const cucm: Array<CucmLive & { node: string }> = [];
  const acd: AcdNodeLive[] = [];
  for (const node of source.nodes) {
    if (node.cucm !== undefined) cucm.push({ node: node.name, ...node.cucm() });
    if (node.acd !== undefined) acd.push(...node.acd().nodes);
    const model = node.callModel;
    if (model !== undefined)
      for (const id of model.callIds()) {
        const snap = model.snapshotCall(id);
        calls.push({
          node: node.name,
          callID: snap.callID,
          calling: snap.callingDevice,
          called: snap.calledDevice,
          parties: snap.endpoints.map((e) => ({
            device: e.connection.deviceID,
            state: e.localConnectionState,
          })),
        });
      }
    for (const s of node.ctiSessions?.() ?? [])
      cti.push({
        node: node.name,
        id: s.id,
        user: s.user,
        dn: s.dn,
        client: s.client,
        monitors: [...s.monitors],
      });
  }
  return { lab: source.lab, phones, calls, cti, cucm, acd, alarms: [...alarms] };
}
