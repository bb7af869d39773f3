import { deepFreeze } from './deep-freeze.ts';
import { decodeBody } from './message-codec.ts';
import type { SccpMessage } from './messages.ts';

/**
 * Decoded bodies of chosen message ids, remembered by their bytes: a body equal byte for byte to
 * the last one of its id and header version decodes to the same (frozen) message without being read
 * again. Meant for what a call manager sends every phone alike during registration
 * (ButtonTemplateRes, SoftKeyTemplateRes, SoftKeySetRes: Wireshark packet-skinny; the real
 * CallManager captures show the same template bytes to every phone of a model): a process with
 * thousands of simulated phones decoded the same template thousands of times (issue 13 profile of
 * `bench:register`). The message is deep-frozen, so a consumer that would change it throws instead
 * of changing every phone's copy. Errors are not remembered: a bad body is read (and refused) again.
 */
export class DecodeMemo {
  readonly #ids: ReadonlySet<number>;
  readonly #last = new Map<number, { headerVersion: number; body: Buffer; message: SccpMessage }>();

  constructor(messageIds: Iterable<number>) {
    this.#ids = new Set(messageIds);
  }

  /** decodeBody, or the remembered message when the body is the last one's (throws as decodeBody). */
  decode(messageId: number, body: Uint8Array, headerVersion: number): SccpMessage {
    if (!this.#ids.has(messageId)) return decodeBody(messageId, body, headerVersion);
    const last = this.#last.get(messageId);
    if (last !== undefined && last.headerVersion === headerVersion && last.body.equals(body))
      return last.message;
    const message = deepFreeze(decodeBody(messageId, body, headerVersion));
    this.#last.set(messageId, { headerVersion, body: Buffer.from(body), message });
    return message;
  }
}
