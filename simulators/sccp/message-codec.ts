/**
 * Encoding and decoding of one SCCP message body by its layout (see codec.ts for the version
 * rules this follows).
 */
import { BodyReader } from './body-reader.ts';
import { mandatoryBodySize } from './body-sizes.ts';
import { BodyWriter } from './body-writer.ts';
import { SccpDecodeError } from './decode-error.ts';
import { SccpEncodeError } from './encode-error.ts';
import { normalizeFields, readFields, writeFields } from './field-codecs.ts';
import { isHeaderVersion } from './header-version.ts';
import { layouts, type MessageLayout } from './layouts.ts';
import { describeMessageId, MessageId, messageName } from './message-ids.ts';
import type { SccpMessage } from './messages.ts';

/** Bytes before the body: length, header version, message id. */
export const FRAME_HEADER_SIZE = 12;

export interface EncodeOptions {
  /**
   * Cut the body to this many bytes (at least the mandatory fixed part), as real call managers
   * do: CUCM 4.1 sends OpenReceiveChannel with 68 and StartMediaTransmission with 84 bytes.
   */
  truncateTo?: number;
}

function layoutOf(type: SccpMessage['type']): MessageLayout<SccpMessage> {
  return layouts[type] as MessageLayout<SccpMessage>;
}

/** Encodes just the body of `msg` at `headerVersion`. */
export function encodeBody(msg: SccpMessage, headerVersion = 0, options: EncodeOptions = {}): Buffer {
  return encodeInto(msg, headerVersion, options, 0).toBuffer();
}

/** The whole frame: u32 LE length (4 + body), u32 LE header version, u32 LE message id, body. */
export function encodeMessage(msg: SccpMessage, headerVersion = 0, options: EncodeOptions = {}): Buffer {
  // The body is written after FRAME_HEADER_SIZE free bytes of the same buffer: no second copy.
  const frame = encodeInto(msg, headerVersion, options, FRAME_HEADER_SIZE).toFrame();
  frame.writeUInt32LE(frame.length - FRAME_HEADER_SIZE + 4, 0);
  frame.writeUInt32LE(headerVersion, 4);
  frame.writeUInt32LE(MessageId[msg.type], 8);
  return frame;
}

/** `msg`'s body in a writer with `headerRoom` free bytes in front, cut to `options.truncateTo`. */
function encodeInto(
  msg: SccpMessage,
  headerVersion: number,
  options: EncodeOptions,
  headerRoom: number,
): { toBuffer(): Buffer; toFrame(): Buffer } {
  const type = String((msg as { type?: unknown } | null)?.type);
  if (!Object.hasOwn(MessageId, type)) throw new SccpEncodeError(type, '', 'unknown message type');
  if (!isHeaderVersion(headerVersion)) {
    throw new SccpEncodeError(type, '', `header version ${headerVersion} is not supported`);
  }
  const layout = layoutOf(msg.type);
  const w = new BodyWriter(msg.type, headerVersion, headerRoom);
  if (layout.kind === 'custom') layout.write(w, msg);
  else writeFields(layout.fields, w, msg);
  const cut = options.truncateTo;
  if (cut === undefined) return w;
  const min = mandatoryBodySize(msg.type, headerVersion);
  if (!Number.isInteger(cut) || cut < min || cut > w.size) {
    throw new SccpEncodeError(msg.type, '', `truncateTo ${cut} is outside ${min}..${w.size}`);
  }
  const frame = w.toFrame().subarray(0, headerRoom + cut);
  return { toBuffer: () => frame.subarray(headerRoom), toFrame: () => frame };
}

/** Decodes one message body. Throws {@link SccpDecodeError}, never anything else. */
export function decodeBody(messageId: number, body: Uint8Array, headerVersion: number): SccpMessage {
  const type = messageName(messageId);
  if (type === undefined) {
    throw new SccpDecodeError('unknown-message', `no layout for message id ${describeMessageId(messageId)}`, {
      offset: 0,
      bytes: body,
      messageId,
    });
  }
  if (!isHeaderVersion(headerVersion)) {
    throw new SccpDecodeError('bad-header-version', `header version ${headerVersion} is not accepted`, {
      offset: 0,
      bytes: body,
      messageId,
    });
  }
  const min = mandatoryBodySize(type, headerVersion);
  if (body.length < min) {
    throw new SccpDecodeError(
      'truncated',
      `${describeMessageId(messageId)} body is ${body.length} bytes, needs at least ${min}`,
      { offset: body.length, bytes: body, messageId },
    );
  }
  const r = new BodyReader(body, headerVersion, messageId);
  const layout = layoutOf(type);
  try {
    const fields = layout.kind === 'custom' ? layout.read(r) : readFields(layout.fields, r);
    return { type, ...fields } as SccpMessage;
  } catch (err) {
    // The body codecs report every problem through BodyReader (need / badField), so only
    // SccpDecodeError reaches here; the wrap keeps this function's contract if a codec breaks it.
    // Stryker disable next-line ConditionalExpression: equivalent, nothing but SccpDecodeError is thrown by the codecs
    if (err instanceof SccpDecodeError) throw err;
    // Stryker disable next-line StringLiteral,ObjectLiteral: equivalent, unreachable (see above)
    throw new SccpDecodeError('bad-field', `${describeMessageId(messageId)}: ${String(err)}`, {
      offset: r.pos,
      bytes: body,
      messageId,
    });
  }
}

/**
 * `msg` as a peer decodes it at `headerVersion`: fields that version does not carry are set to
 * their defaults (e.g. StopTone.tone below 11, OpenReceiveChannel.latentCapsInfo below 21).
 */
export function normalizeMessage<T extends SccpMessage>(msg: T, headerVersion: number): T {
  const layout = layoutOf(msg.type);
  if (layout.kind === 'custom') return msg;
  return normalizeFields(layout.fields, msg, headerVersion) as T;
}
