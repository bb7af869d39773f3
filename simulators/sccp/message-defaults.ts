import { MAX_KNOWN_BODY } from './frame-reader.ts';
import { decodeBody } from './message-codec.ts';
import { MessageId } from './message-ids.ts';
import type { MessageOf, SccpMessageType } from './messages.ts';

const zeros = new Uint8Array(MAX_KNOWN_BODY);

/**
 * A message of `type` with every field at its default (0, '', '0.0.0.0', empty lists), then
 * `fields` on top. The defaults come from decoding an all-zero body, so they are exactly what a
 * peer reads from zero bytes.
 */
export function messageWith<T extends SccpMessageType>(
  type: T,
  fields: Partial<MessageOf<T>> = {},
  headerVersion = 0,
): MessageOf<T> {
  const id = (MessageId as Record<string, number>)[type];
  if (id === undefined) throw new Error(`unknown SCCP message type ${type}`);
  const base = decodeBody(id, zeros, headerVersion) as MessageOf<T>;
  return { ...base, ...fields, type } as MessageOf<T>;
}
