import type { RegisteredDevice } from './station-server.ts';

/**
 * What one phone shows of one call on one of its DNs, as the CME last told it. The CME
 * reconciles this view against the call model after every call event and sends the SCCP
 * messages that move the phone from the old view to the new one.
 */
export type ViewPhase =
  | 'offhook'
  | 'dialing'
  | 'ringout'
  | 'ringin'
  | 'connected'
  | 'hold'
  | 'remote-in-use'
  | 'busy'
  | 'invalid'
  | 'failed';

export interface MediaLeg {
  passThroughPartyId: number;
  /** Where the phone receives RTP (from OpenReceiveChannelAck). */
  rx: { ip: string; port: number } | undefined;
  /** Where the phone was told to send RTP (StartMediaTransmission), if it was. */
  tx: { ip: string; port: number } | undefined;
}

export interface CallView {
  callId: string;
  dn: string;
  lineInstance: number;
  callReference: number;
  phase: ViewPhase;
  media: MediaLeg | undefined;
  /** The call rang on this phone (it came in): its local hang-up ends with SetRinger Off (captures/cm_call_7912.pcapng frame 3145). */
  rang: boolean;
  /** The other end is a Call Park number: this phone hears hold tone. */
  parked?: boolean;
}

/** Per-station call-handling state kept by the CME. */
export interface StationState {
  device: RegisteredDevice;
  /** Keyed by `${callId}|${dn}`. */
  views: Map<string, CallView>;
  /** Transfer / Confrn pressed once: the held call waiting for the second press. */
  pending: { kind: 'transfer' | 'conference'; heldKey: string } | undefined;
  /** CfwdAll pressed: digits being collected for the forward-all destination. */
  forwardCollect: { dn: string; lineInstance: number; digits: string } | undefined;
  /** Last number dialled (Redial). */
  lastDialled: string;
}

export function viewKey(callId: string, dn: string): string {
  return `${callId}|${dn}`;
}
