/**
 * Little-endian writer for one SCCP message body. Every write checks its value's range and
 * throws {@link SccpEncodeError} naming the field, never a bare RangeError.
 *
 * The body is written into one growing buffer (not one buffer per field joined at the end: the
 * soft key set message alone has hundreds of fields, and those allocations were most of the
 * encoder's cost at registration). `headerRoom` bytes are kept free in front of the body, so a
 * whole frame is built in the same buffer (message-codec.ts `encodeMessage`).
 */
import { SccpEncodeError } from './encode-error.ts';

/** `Number.isInteger` as a type guard: false for anything that is not a number. */
const isInteger = (value: unknown): value is number => Number.isInteger(value);

/** First allocation: most bodies fit (the largest registration messages grow it twice). */
const INITIAL_SIZE = 256;

export class BodyWriter {
  private buf: Buffer;
  private pos: number;
  private readonly start: number;

  constructor(
    readonly messageType: string,
    readonly version: number,
    headerRoom = 0,
  ) {
    // Stryker disable next-line ArithmeticOperator: equivalent, only the first allocation's size: reserve() grows the buffer to whatever is written
    this.buf = Buffer.allocUnsafe(INITIAL_SIZE + headerRoom);
    this.start = headerRoom;
    this.pos = headerRoom;
  }

  fail(field: string, detail: string): SccpEncodeError {
    return new SccpEncodeError(this.messageType, field, detail);
  }

  /** Bytes of body written so far. */
  get size(): number {
    return this.pos - this.start;
  }

  private int(value: unknown, min: number, max: number, field: string): number {
    if (!isInteger(value) || value < min || value > max) {
      throw this.fail(field, `${String(value)} is not an integer in ${min}..${max}`);
    }
    return value;
  }

  /** Room for `n` more bytes at `pos`. */
  private reserve(n: number): void {
    const need = this.pos + n;
    // Stryker disable next-line EqualityOperator: equivalent, growing when the bytes exactly fit only copies the buffer once more
    if (need <= this.buf.length) return;
    // Stryker disable next-line ArithmeticOperator: equivalent, how much more than `need` is allocated (doubling saves copies, not bytes written)
    const grown = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }

  u8(value: unknown, field: string): void {
    const v = this.int(value, 0, 0xff, field);
    this.reserve(1);
    this.buf[this.pos++] = v;
  }

  u16(value: unknown, field: string): void {
    const v = this.int(value, 0, 0xffff, field);
    this.reserve(2);
    this.pos = this.buf.writeUInt16LE(v, this.pos);
  }

  u32(value: unknown, field: string): void {
    const v = this.int(value, 0, 0xffffffff, field);
    this.reserve(4);
    this.pos = this.buf.writeUInt32LE(v, this.pos);
  }

  i32(value: unknown, field: string): void {
    const v = this.int(value, -0x80000000, 0x7fffffff, field);
    this.reserve(4);
    this.pos = this.buf.writeInt32LE(v, this.pos);
  }

  bytes(data: Uint8Array): void {
    this.reserve(data.length);
    this.buf.set(data, this.pos);
    this.pos += data.length;
  }

  /** `text` as latin1 in a fixed char[n]: cut to n bytes, the rest zero bytes. */
  fixedLatin1(text: string, n: number): void {
    this.reserve(n);
    const written = this.buf.write(text, this.pos, n, 'latin1');
    this.buf.fill(0, this.pos + written, this.pos + n);
    this.pos += n;
  }

  /** `text` as latin1 cut to `maxText` bytes, then one NUL. */
  nulTerminatedLatin1(text: string, maxText: number): void {
    this.reserve(maxText + 1);
    const written = this.buf.write(text, this.pos, maxText, 'latin1');
    this.buf[this.pos + written] = 0;
    this.pos += written + 1;
  }

  zeros(n: number): void {
    this.reserve(n);
    this.buf.fill(0, this.pos, this.pos + n);
    this.pos += n;
  }

  /** The body written (a view of the writer's buffer, which the writer no longer changes). */
  toBuffer(): Buffer {
    return this.buf.subarray(this.start, this.pos);
  }

  /** The header room and the body: `headerRoom + size` bytes, the header room for the caller to fill. */
  toFrame(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}
