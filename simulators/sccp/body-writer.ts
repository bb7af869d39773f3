/**
 * Little-endian writer for one SCCP message body. Every write checks its value's range and
 * throws {@link SccpEncodeError} naming the field, never a bare RangeError.
 */
import { SccpEncodeError } from './encode-error.ts';

/** `Number.isInteger` as a type guard: false for anything that is not a number. */
const isInteger = (value: unknown): value is number => Number.isInteger(value);

export class BodyWriter {
  private readonly chunks: Buffer[] = [];
  private size = 0;

  constructor(
    readonly messageType: string,
    readonly version: number,
  ) {}

  fail(field: string, detail: string): SccpEncodeError {
    return new SccpEncodeError(this.messageType, field, detail);
  }

  private int(value: unknown, min: number, max: number, field: string): number {
    if (!isInteger(value) || value < min || value > max) {
      throw this.fail(field, `${String(value)} is not an integer in ${min}..${max}`);
    }
    return value;
  }

  private push(buf: Buffer): void {
    this.chunks.push(buf);
    this.size += buf.length;
  }

  u8(value: unknown, field: string): void {
    const b = Buffer.alloc(1);
    b.writeUInt8(this.int(value, 0, 0xff, field));
    this.push(b);
  }

  u16(value: unknown, field: string): void {
    const b = Buffer.alloc(2);
    b.writeUInt16LE(this.int(value, 0, 0xffff, field));
    this.push(b);
  }

  u32(value: unknown, field: string): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(this.int(value, 0, 0xffffffff, field));
    this.push(b);
  }

  i32(value: unknown, field: string): void {
    const b = Buffer.alloc(4);
    b.writeInt32LE(this.int(value, -0x80000000, 0x7fffffff, field));
    this.push(b);
  }

  bytes(data: Uint8Array): void {
    this.push(Buffer.from(data));
  }

  zeros(n: number): void {
    this.push(Buffer.alloc(n));
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.chunks, this.size);
  }
}
