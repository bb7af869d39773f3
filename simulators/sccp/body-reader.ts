/**
 * Sequential little-endian reader over one SCCP message body (Wireshark packet-skinny (framing):
 * body integers are little-endian). `exhausted` is set once a tail field did not fit, after which
 * every later field takes its default (bodies shorter than the newest layout, §1).
 */
import { SccpDecodeError } from './decode-error.ts';

export class BodyReader {
  pos = 0;
  exhausted = false;
  private readonly view: DataView;

  constructor(
    readonly bytes: Uint8Array,
    readonly version: number,
    readonly messageId: number,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  private need(n: number): void {
    if (this.remaining < n) {
      throw new SccpDecodeError(
        'truncated',
        `body of ${this.bytes.length} bytes ends inside a ${n}-byte field`,
        { offset: this.pos, bytes: this.bytes, messageId: this.messageId },
      );
    }
  }

  u8(): number {
    this.need(1);
    return this.view.getUint8(this.pos++);
  }

  u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }

  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  i32(): number {
    this.need(4);
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }

  take(n: number): Uint8Array {
    this.need(n);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** A 'bad-field' error at the current position (or at `offset`). */
  badField(detail: string, offset = this.pos): SccpDecodeError {
    return new SccpDecodeError('bad-field', detail, {
      offset,
      bytes: this.bytes,
      messageId: this.messageId,
    });
  }
}
