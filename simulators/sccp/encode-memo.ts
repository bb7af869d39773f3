import { deepFreeze } from './deep-freeze.ts';
import { encodeMessage } from './message-codec.ts';
import type { SccpMessage } from './messages.ts';

/** Frames of frozen messages, one per header version they were sent with. */
const frames = new WeakMap<SccpMessage, Map<number, Uint8Array>>();

/**
 * `encodeMessage(message, headerVersion)`, made once per header version when `message` is frozen
 * (a {@link frozenMessage}): what a phone sends every call manager alike while it registers
 * (CapabilitiesRes, ButtonTemplateReq, TimeDateReq, KeepAliveReq: Wireshark packet-skinny) was
 * encoded again by every one of thousands of simulated phones (issue 13 profile of
 * `bench:register`). A message that is not frozen is encoded every time. The frame is shared:
 * callers write it as it is and never change it.
 */
export function encodeMessageOnce(message: SccpMessage, headerVersion: number): Uint8Array {
  if (!Object.isFrozen(message)) return encodeMessage(message, headerVersion);
  let byVersion = frames.get(message);
  if (byVersion === undefined) {
    byVersion = new Map();
    frames.set(message, byVersion);
  }
  let frame = byVersion.get(headerVersion);
  if (frame === undefined) {
    frame = encodeMessage(message, headerVersion);
    byVersion.set(headerVersion, frame);
  }
  return frame;
}

/**
 * `message` deep-frozen (every array and object in it too), so {@link encodeMessageOnce} may keep
 * its frames: a message only frozen at the top could still change inside after its first encoding.
 */
export function frozenMessage<M extends SccpMessage>(message: M): M {
  return deepFreeze(message);
}
