/**
 * SCCP (Skinny) message codec.
 *
 * Covers the framing of Wireshark packet-skinny (framing) (u32 LE length = 4 + body, u32 LE header
 * version, u32 LE message id, body) and the bodies of the ~75 phone/call-manager messages in
 * `messages.ts` (registration, keepalive, templates, call control, display, media, failover).
 * Implementation: message-codec.ts (bodies), layouts.ts (per-message field tables),
 * frame-reader.ts (stream splitting); this file is the public entry point.
 *
 * Version rules (layouts chosen by the frame's header version, as Wireshark does, §2):
 * - 11: StopTone gains `tone`; OpenReceiveChannel / StartMediaTransmission g723BitRate becomes
 *   the codec-parameter union; OpenReceiveChannel adds mixingMode, partyDirection, sourceIpAddr,
 *   sourcePortNumber.
 * - 15: StartMediaTransmission adds partyDirection. 16: OpenReceiveChannel requestedIpAddrType.
 * - 17: ipv4or6 fields become u32 type + 16 bytes; OpenReceiveChannel audioLevelAdjustment;
 *   CallInfoV2 hunt pilot strings. ServerRes sends 5 x ipv4or6 from 17 (decoded by body size).
 * - 18: DialedNumber / ForwardStatRes numbers 25 bytes instead of 24.
 * - 21: latentCapsInfo in OpenReceiveChannel / StartMediaTransmission.
 * - Bodies shorter than the newest layout decode with the missing tail fields defaulted
 *   (§1: CM 3.x OpenReceiveChannel, 8-byte CloseReceiveChannel / StopTone, short RegisterReq);
 *   a body shorter than the mandatory fixed part is a 'truncated' error. Extra trailing bytes
 *   are ignored. Fields a header version does not carry decode as their defaults (0, '',
 *   '0.0.0.0', '::').
 * - Encode always writes the full layout of the header version, unless `truncateTo` asks for a
 *   shorter body (CUCM 4.1's 68-byte OpenReceiveChannel, §6).
 */

export { SccpDecodeError, type SccpDecodeErrorCode } from './decode-error.ts';
export { DecodeMemo } from './decode-memo.ts';
export { SccpEncodeError } from './encode-error.ts';
export { encodeMessageOnce, frozenMessage } from './encode-memo.ts';
export {
  DEFAULT_MAX_LENGTH,
  FrameReader,
  type FrameReaderOptions,
  type FrameResult,
  MAX_KNOWN_BODY,
} from './frame-reader.ts';
export { HEADER_VERSIONS, isHeaderVersion } from './header-version.ts';
export {
  decodeBody,
  type EncodeOptions,
  encodeBody,
  encodeMessage,
  FRAME_HEADER_SIZE,
  normalizeMessage,
} from './message-codec.ts';
export { describeMessageId, MessageId, messageName } from './message-ids.ts';
export type { MessageOf, SccpMessage, SccpMessageType } from './messages.ts';
