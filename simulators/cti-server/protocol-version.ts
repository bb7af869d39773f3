/**
 * The protocol versions the lab speaks and what differs between them on the wire.
 *
 * - v20: floating tag USHORT + length USHORT (ucce-ctidriver `src/Network/CceCti/Types.hs`:
 *   "Starting from version 20, tag and length field of floating part changed to Word16 where
 *   those are Word8 in older versions"; `MessageSampleSpec.hs` OPEN_REQ `0,1,0,9,"ClientID\0"`).
 * - v19: floating tag UCHAR + length UCHAR (uccertweb `app/ctidriver/Encoder.scala` buildFloat:
 *   `ByteString(tag.id, body.size) ++ body`; `MessageSamplesSpec.scala` OPEN_REQ `1,9,...`).
 * - Fixed parts: v20 adds the DepartmentID tails (`@20` fields of the catalogue).
 */

import { MHDR_SIZE } from '../lab/stream-framing.ts';

export const SUPPORTED_VERSIONS = [19, 20] as const;
export type ProtocolVersion = (typeof SUPPORTED_VERSIONS)[number];

/** The newest version the lab speaks. */
export const NEWEST_VERSION: ProtocolVersion = 20;

export function isSupportedVersion(v: number): v is ProtocolVersion {
  return (SUPPORTED_VERSIONS as readonly number[]).includes(v);
}

/** Bytes of a floating field's tag and of its length in `version` (1 up to v19, 2 from v20). */
export function floatingHeaderWidth(version: number): 1 | 2 {
  return version >= 20 ? 2 : 1;
}

/** MHDR: MessageLength UINT (bytes after the header) + MessageType UINT (lab/stream-framing.ts). */
export const HEADER_SIZE = MHDR_SIZE;

/**
 * Largest whole message (header included) the lab reads or writes. uccertweb (v19) reads at most
 * 4329 bytes (`package.scala` MaxMessageLen = 4329 - 8) and treats a larger length as lost sync;
 * but the guide (v9, table 5-4 CALL_DATA_UPDATE_EVENT, "Maximum message size (including header)")
 * allows 4663 bytes for one message, and v20's two-byte tags and lengths add one byte per floating
 * field and length again. The lab takes 8192: every message the guide allows fits, and a length
 * beyond it cannot be a message, so the stream has lost sync and the connection is dropped.
 */
export const DEFAULT_MAX_MESSAGE_SIZE = 8192;
