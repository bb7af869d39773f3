// Media termination at CTI route points and CTI ports (CUCM-APP-002, APP-003, CFG-005).
//
// Cisco Unified CM System Configuration Guide, "CTI Route Points Overview": "Applications that
// want to terminate media for calls at route points must specify the media and port for the call
// on a per-call basis. CTI applications can terminate media on CTI ports and CTI route points using
// either static or dynamic IP addresses and port numbers." "CTI prerequisites": "CTI provides IP
// address information through the JTAPI and TAPI interfaces, which can support IPv4 and IPv6
// addresses."
//
// CUCM takes the media address over CTIQBE (JTAPI setRTPParams, TAPI
// CciscoLineDevSpecificSetRTPParamsForCall); TR/87 and ECMA-269 have no such parameter, so the lab
// carries it as CSTA private data (ECMA-323 `extensions/privateData/private`) in its own
// namespace: `<media xmlns="urn:ctilab:cucm" address="..." port="..."/>`.
// - Static: the topology gives a route point / CTI port `media: { address, port }`.
// - Dynamic: AnswerCall carries `<media/>` for that call; it wins over the static one.
// - Neither: the answer is refused (operation requestIncompatibleWithMedia). Cisco Unified TAPI
//   Developers Guide, "Dynamic Port Registration": "An application that wants to use Dynamic Port
//   Registration must specify the IP address and UDP port number on a call before invoking any
//   features on the call. If the feature is invoked before the IP address and UDP port number are
//   set, the feature will fail"; the JTAPI guide: only applications registered for media at a route
//   point answer calls there ("Applications that terminate media must use the CallControl package
//   for answering"). ECMA-269's operation error requestIncompatibleWithMedia is the nearest value.
// - The other way (CFG-005): the application learns where the calling phone receives RTP (its
//   OpenReceiveChannelAck, IPv4 or IPv6, as given) in `<media/>` private data of the
//   EstablishedEvent of the answering CTI device. The phone acks after the answer, so that one
//   EstablishedEvent (and whatever follows it for the same session) waits for the ack, at most
//   MEDIA_WAIT_MS on the cluster's clock; CUCM too reports the far end's address after the call is
//   connected (JTAPI CiscoRTPOutputStartedEv).
import { isIPv4, isIPv6 } from 'node:net';
import type { CallEvent } from '../calls/call-events.ts';
import type { CSTAErrorCode } from '../csta/csta-error-code.ts';
import type { CstaEvent } from '../csta/csta-types.ts';
import type { XmlElement, XmlNode } from '../csta/xml-node.ts';
import type { Clock, TimerHandle } from '../lab/clock.ts';
import { ok, type Result, refused } from '../lab/result.ts';
import type { ReceiveChannel } from '../station/call-signalling.ts';
import {
  LAB_PRIVATE_NAMESPACE,
  labElement,
  labExtensions,
  labPrivateElement,
  withLabPrivateData,
} from './lab-private-data.ts';

export { LAB_PRIVATE_NAMESPACE };

/** Where media of a call terminates: an IPv4 or IPv6 literal and a UDP port. */
export interface MediaEndpoint {
  readonly address: string;
  readonly port: number;
}

/** How long an EstablishedEvent waits for the far end's receive address (ours; no Cisco number). */
export const MEDIA_WAIT_MS = 2000;

export const MediaError = {
  /** ECMA-269 operation error: the answer needs media the application has not given. */
  noMedia: { operation: 'requestIncompatibleWithMedia' },
  /** A `<media>` element whose address or port is not one. */
  badMedia: { operation: 'invalidParameterValue' },
} as const satisfies Record<string, CSTAErrorCode>;

/** An IPv4 literal, or an IPv6 one without a zone id (SCCP carries 16 bytes, no scope text). */
export function isMediaAddress(text: string): boolean {
  return isIPv4(text) || (isIPv6(text) && !text.includes('%'));
}

/**
 * The `<media>` element in the lab namespace inside `extensions/privateData/private`, if any
 * (lab-private-data.ts). undefined: none given; a refusal: one given with a bad address or port,
 * or more than one.
 */
export function readMedia(
  extensions: readonly XmlNode[] | undefined,
): Result<MediaEndpoint | undefined, string> {
  const found = labPrivateElement(extensions, 'media');
  if (!found.ok) return refused(found.reason, 'media twice');
  const media = found.value;
  if (media === undefined) return ok(undefined);
  const address = media.attributes.address;
  const portText = media.attributes.port;
  if (address === undefined || !isMediaAddress(address))
    return refused(`media address ${String(address)} is not an IPv4 or IPv6 literal`, 'bad address');
  const port = Number(portText);
  if (portText === undefined || !/^\d{1,5}$/.test(portText) || port < 1 || port > 65535)
    return refused(`media port ${String(portText)} is not a UDP port 1-65535`, 'bad port');
  return ok({ address, port });
}

/** The `<media address port/>` element of `endpoint`. */
export function mediaElement(endpoint: MediaEndpoint): XmlElement {
  return labElement('media', { address: endpoint.address, port: String(endpoint.port) });
}

/** `extensions` content carrying `endpoint` as lab private data. */
export function mediaPrivateData(endpoint: MediaEndpoint): XmlNode[] {
  return labExtensions([mediaElement(endpoint)]);
}

export interface MediaTerminationOptions {
  readonly clock: Clock;
  /** Directory numbers of route points and CTI ports (their applications terminate media). */
  readonly ctiDns: ReadonlySet<string>;
  /** Static media of a CTI device's DN (topology `media`). */
  readonly staticMedia: ReadonlyMap<string, MediaEndpoint>;
  /** Receive channels the phones on a call have open (station side). */
  readonly receiveChannels: (callId: string) => readonly ReceiveChannel[];
  /** Can every phone on the call other than `dn` carry an IPv6 address (SCCP version 17+)? */
  readonly ipv6Capable: (callId: string, dn: string) => boolean;
  readonly waitMs?: number;
}

interface Queued {
  readonly event: CstaEvent;
  readonly dn: string | undefined;
}

interface Hold {
  readonly callId: string;
  readonly dn: string;
  readonly queue: Queued[];
  readonly timer: TimerHandle;
  readonly send: (event: CstaEvent) => void;
}

/** The cluster's media termination: per-call and static media of CTI devices, and the far ends' addresses. */
export class MediaTermination {
  /** Per-call media given in AnswerCall: `${callID}|${dn}` -> endpoint. */
  private readonly perCall = new Map<string, MediaEndpoint>();
  /** Sessions whose events wait for a far end's receive address (keyed by session object). */
  private readonly holds = new Map<object, Hold>();

  constructor(private readonly opts: MediaTerminationOptions) {}

  /** Where a phone streams to for `dn`'s side of `callId`: the per-call media, else the static one. */
  endpointOf(callId: string, dn: string): MediaEndpoint | undefined {
    if (!this.opts.ctiDns.has(dn)) return undefined;
    return this.perCall.get(`${callId}|${dn}`) ?? this.opts.staticMedia.get(dn);
  }

  /**
   * Before an AnswerCall of `callId` at `dn`: a CTI device's answer needs media (the request's
   * `<media>`, else the device's static media). Records per-call media; the returned function
   * undoes that when the answer itself fails. Other devices: nothing to check.
   */
  answer(
    dn: string | undefined,
    callId: string | undefined,
    extensions: readonly XmlNode[] | undefined,
  ): Result<(() => void) | undefined, CSTAErrorCode> {
    if (dn === undefined || callId === undefined || !this.opts.ctiDns.has(dn)) return ok(undefined);
    const given = readMedia(extensions);
    if (!given.ok) return refused(MediaError.badMedia, given.error);
    const endpoint = given.value ?? this.opts.staticMedia.get(dn);
    if (endpoint === undefined)
      return refused(
        MediaError.noMedia,
        `${dn} has no static media and the AnswerCall gives no <media> (${LAB_PRIVATE_NAMESPACE}) for call ${callId}`,
      );
    // Wireshark packet-skinny (header versions): only SCCP version 17+ carries an IPv6 address.
    if (isIPv6(endpoint.address) && !this.opts.ipv6Capable(callId, dn))
      return refused(
        MediaError.noMedia,
        `the calling phone of call ${callId} speaks SCCP below version 17 and cannot stream to IPv6 ${endpoint.address}`,
      );
    if (given.value === undefined) return ok(undefined);
    const key = `${callId}|${dn}`;
    this.perCall.set(key, given.value);
    return ok(() => this.perCall.delete(key));
  }

  /** The model's events: a cleared connection forgets its per-call media. */
  onCallEvent(event: CallEvent): void {
    if (event.type === 'ConnectionClearedEvent')
      this.perCall.delete(`${event.droppedConnection.callID}|${event.droppedConnection.deviceID}`);
  }

  /**
   * An event for a session monitoring `dn`: an EstablishedEvent of a call whose media terminates
   * at `dn` goes out with the far end's receive address as private data, waiting for the phone's
   * OpenReceiveChannelAck if need be; later events of the session queue behind it.
   */
  deliver(session: object, event: CstaEvent, dn: string | undefined, send: (event: CstaEvent) => void): void {
    const hold = this.holds.get(session);
    if (hold !== undefined) {
      hold.queue.push({ event, dn });
      if (event.type === 'ConnectionClearedEvent' && event.droppedConnection.callID === hold.callId)
        this.release(session, undefined);
      return;
    }
    const callId = event.type === 'EstablishedEvent' ? event.establishedConnection.callID : undefined;
    if (callId === undefined || dn === undefined || this.endpointOf(callId, dn) === undefined) {
      send(event);
      return;
    }
    const far = this.opts.receiveChannels(callId).filter((r) => r.dn !== dn);
    const known = far.find((r) => r.rx !== undefined)?.rx;
    if (known !== undefined || far.length === 0) {
      send(withMedia(event, known));
      return;
    }
    const timer = this.opts.clock.setTimeout(
      () => this.release(session, undefined),
      this.opts.waitMs ?? MEDIA_WAIT_MS,
    );
    this.holds.set(session, { callId, dn, queue: [{ event, dn }], timer, send });
  }

  /** A phone's OpenReceiveChannelAck: events waiting for its address go out. */
  onReceiveOpened(channel: ReceiveChannel): void {
    for (const [session, hold] of [...this.holds])
      if (hold.callId === channel.callId && hold.dn !== channel.dn) this.release(session, channel.rx);
  }

  /** The session ends: what waits for it goes out now, without the far end's address. */
  flush(session: object): void {
    this.release(session, undefined);
  }

  /** Stops the waits (the cluster stops): nothing more is sent. */
  dispose(): void {
    for (const hold of this.holds.values()) hold.timer.cancel();
    this.holds.clear();
  }

  private release(session: object, rx: ReceiveChannel['rx']): void {
    const hold = this.holds.get(session);
    if (hold === undefined) return;
    hold.timer.cancel();
    this.holds.delete(session);
    const [first, ...rest] = hold.queue;
    if (first !== undefined) hold.send(withMedia(first.event, rx));
    for (const q of rest) this.deliver(session, q.event, q.dn, hold.send);
  }
}

/** The event with the far end's receive address as lab private data (unchanged when unknown). */
function withMedia(event: CstaEvent, rx: ReceiveChannel['rx']): CstaEvent {
  if (rx === undefined || event.type !== 'EstablishedEvent') return event;
  return withLabPrivateData(event, [mediaElement({ address: rx.ip, port: rx.port })]);
}
