/**
 * Field codecs for the media-control structures of OpenReceiveChannel / StartMediaTransmission
 * and CapabilitiesRes (Wireshark's SkinnyProtocolOptimized.xml MediaEncryptionKeyInfo, latentCapsInfo,
 * caps).
 */
import type { BodyReader } from './body-reader.ts';
import type { BodyWriter } from './body-writer.ts';
import { type FieldCodec, hexBlock, hexToBytes, struct, u8, u16, u32 } from './field-codecs.ts';
import type { LatentCapsInfo, MediaCapability, MediaEncryptionKeyInfo } from './messages.ts';

const KEY_AREA = 16;

function emptyKeyInfo(): MediaEncryptionKeyInfo {
  return { algorithmID: 0, key: '', salt: '', isMKIPresent: 0, keyDerivationRate: 0 };
}

/**
 * MediaEncryptionKeyInfo: algorithmID u32, keylen u16, saltlen u16, key u8[16], salt u8[16],
 * isMKIPresent u32, keyDerivationRate u32 (48 bytes). CUCM 4.1 sends only the first 40
 * (the real CallManager 4.1 sequences of pyskinny's fixtures), so the last two words are tail fields. key/salt are the first
 * keylen/saltlen bytes of their 16-byte areas.
 */
export const mediaEncryptionKeyInfo: FieldCodec<MediaEncryptionKeyInfo> = {
  size: () => 48,
  minSize: () => 4,
  read: (r: BodyReader) => {
    const out = emptyKeyInfo();
    out.algorithmID = r.u32();
    if (r.remaining < 4 + 2 * KEY_AREA) {
      r.exhausted = true;
      return out;
    }
    const lenAt = r.pos;
    const keylen = r.u16();
    const saltlen = r.u16();
    if (keylen > KEY_AREA || saltlen > KEY_AREA) {
      throw r.badField(`key info keylen ${keylen} / saltlen ${saltlen} exceed ${KEY_AREA}`, lenAt);
    }
    out.key = Buffer.from(r.take(KEY_AREA).subarray(0, keylen)).toString('hex');
    out.salt = Buffer.from(r.take(KEY_AREA).subarray(0, saltlen)).toString('hex');
    for (const k of ['isMKIPresent', 'keyDerivationRate'] as const) {
      if (r.remaining < 4) {
        r.exhausted = true;
        return out;
      }
      out[k] = r.u32();
    }
    return out;
  },
  write: (w: BodyWriter, v, f) => {
    if (typeof v !== 'object' || v === null) throw w.fail(f, 'missing key info');
    const key = hexToBytes(w, v.key, `${f}.key`, KEY_AREA, KEY_AREA);
    const salt = hexToBytes(w, v.salt, `${f}.salt`, KEY_AREA, KEY_AREA);
    w.u32(v.algorithmID, `${f}.algorithmID`);
    w.u16(v.key.length / 2, `${f}.keylen`);
    w.u16(v.salt.length / 2, `${f}.saltlen`);
    w.bytes(key);
    w.bytes(salt);
    w.u32(v.isMKIPresent, `${f}.isMKIPresent`);
    w.u32(v.keyDerivationRate, `${f}.keyDerivationRate`);
  },
  empty: emptyKeyInfo,
};

export function emptyLatentCapsInfo(): LatentCapsInfo {
  return {
    active: 0,
    modemRelay: { capAndVer: 0, modAnd2833: 0 },
    sprtPayload: { chan0MaxPayload: 0, chan2MaxPayload: 0, chan3MaxPayload: 0, chan2MaxWindow: 0 },
    sse: { standard: 0, vendor: 0 },
    payloadParam: {
      nse: 0,
      rfc2833: 0,
      sse: 0,
      v150sprt: 0,
      noaudio: 0,
      futureUse1: 0,
      futureUse2: 0,
      futureUse3: 0,
    },
  };
}

/** latentCapsInfo (header version >= 21): 36 bytes. */
export const latentCapsInfo: FieldCodec<LatentCapsInfo> = struct<LatentCapsInfo>(
  [
    { key: 'active', codec: u32 },
    {
      key: 'modemRelay',
      codec: struct(
        [
          { key: 'capAndVer', codec: u32 },
          { key: 'modAnd2833', codec: u32 },
        ],
        () => emptyLatentCapsInfo().modemRelay,
      ),
    },
    {
      key: 'sprtPayload',
      codec: struct(
        [
          { key: 'chan0MaxPayload', codec: u16 },
          { key: 'chan2MaxPayload', codec: u16 },
          { key: 'chan3MaxPayload', codec: u16 },
          { key: 'chan2MaxWindow', codec: u16 },
        ],
        () => emptyLatentCapsInfo().sprtPayload,
      ),
    },
    {
      key: 'sse',
      codec: struct(
        [
          { key: 'standard', codec: u32 },
          { key: 'vendor', codec: u32 },
        ],
        () => emptyLatentCapsInfo().sse,
      ),
    },
    {
      key: 'payloadParam',
      codec: struct(
        [
          { key: 'nse', codec: u8 },
          { key: 'rfc2833', codec: u8 },
          { key: 'sse', codec: u8 },
          { key: 'v150sprt', codec: u8 },
          { key: 'noaudio', codec: u8 },
          { key: 'futureUse1', codec: u8 },
          { key: 'futureUse2', codec: u8 },
          { key: 'futureUse3', codec: u8 },
        ],
        () => emptyLatentCapsInfo().payloadParam,
      ),
    },
  ],
  emptyLatentCapsInfo,
);

/** skinny-messages.txt CapabilitiesRes: caps maxsize=18. */
export const MAX_CAPS = 18;
const CAP_SIZE = 16;
const payloadParams = hexBlock(8);

/**
 * capCount u32 then capCount entries of {payloadCapability u32, maxFramesPerPacket u32,
 * payload union 8 bytes}. Only capCount entries are sent (Wireshark reads capCount entries).
 */
export const capabilityList: FieldCodec<MediaCapability[]> = {
  size: () => 4 + MAX_CAPS * CAP_SIZE,
  minSize: () => 4,
  read: (r) => {
    const at = r.pos;
    const count = r.u32();
    if (count > MAX_CAPS) throw r.badField(`capCount ${count} exceeds ${MAX_CAPS}`, at);
    const caps: MediaCapability[] = [];
    for (let i = 0; i < count; i++) {
      caps.push({
        payloadCapability: r.u32(),
        maxFramesPerPacket: r.u32(),
        payloadParams: payloadParams.read(r),
      });
    }
    return caps;
  },
  write: (w, caps, f) => {
    if (!Array.isArray(caps) || caps.length > MAX_CAPS) throw w.fail(f, `at most ${MAX_CAPS} caps`);
    w.u32(caps.length, f);
    caps.forEach((c, i) => {
      w.u32(c.payloadCapability, `${f}[${i}].payloadCapability`);
      w.u32(c.maxFramesPerPacket, `${f}[${i}].maxFramesPerPacket`);
      payloadParams.write(w, c.payloadParams, `${f}[${i}].payloadParams`);
    });
  },
  empty: () => [],
};
