import { PcapError } from './pcap-error.ts';

export interface PcapFileHeader {
  magic: number;
  versionMajor: number;
  versionMinor: number;
  snaplen: number;
  linkType: number;
  /** True when the file's integers are little-endian. */
  littleEndian: boolean;
}

export interface PcapRecord {
  tsSec: number;
  tsUsec: number;
  capturedLength: number;
  originalLength: number;
  data: Uint8Array;
}

/**
 * Reads a classic libpcap file (either byte order, microsecond magic 0xa1b2c3d4). Used to check
 * what the writer produced and to inspect captures in reports without tshark. A short or foreign
 * file is a {@link PcapError} (`truncated-file`, `bad-magic`).
 */
export function readPcap(bytes: Uint8Array): { header: PcapFileHeader; records: PcapRecord[] } {
  if (bytes.length < 24)
    throw new PcapError('truncated-file', `${bytes.length} bytes is shorter than the header`);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const be = v.getUint32(0, false);
  const le = v.getUint32(0, true);
  let littleEndian: boolean;
  if (be === 0xa1b2c3d4) littleEndian = false;
  else if (le === 0xa1b2c3d4) littleEndian = true;
  else throw new PcapError('bad-magic', `magic 0x${be.toString(16)} is not a microsecond libpcap file`);
  const header: PcapFileHeader = {
    magic: 0xa1b2c3d4,
    versionMajor: v.getUint16(4, littleEndian),
    versionMinor: v.getUint16(6, littleEndian),
    snaplen: v.getUint32(16, littleEndian),
    linkType: v.getUint32(20, littleEndian),
    littleEndian,
  };
  const records: PcapRecord[] = [];
  let off = 24;
  while (off < bytes.length) {
    if (off + 16 > bytes.length) throw new PcapError('truncated-file', `record header cut at offset ${off}`);
    const capturedLength = v.getUint32(off + 8, littleEndian);
    if (off + 16 + capturedLength > bytes.length) {
      throw new PcapError('truncated-file', `record at offset ${off} claims ${capturedLength} bytes`);
    }
    records.push({
      tsSec: v.getUint32(off, littleEndian),
      tsUsec: v.getUint32(off + 4, littleEndian),
      capturedLength,
      originalLength: v.getUint32(off + 12, littleEndian),
      data: bytes.subarray(off + 16, off + 16 + capturedLength),
    });
    off += 16 + capturedLength;
  }
  return { header, records };
}
