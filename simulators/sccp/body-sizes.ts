// The sizes of a message body that the codec checks against (message-codec.ts, frame-reader.ts),
// from the layouts of layouts.ts: the mandatory fixed part and the largest body, per message type
// and header version.
import { mandatorySize, maximumSize } from './field-codecs.ts';
import { isHeaderVersion } from './header-version.ts';
import { layouts, type MessageLayout } from './layouts.ts';
import type { SccpMessageType } from './messages.ts';

/** Size of the mandatory fixed part of a message body at a header version. */
export function mandatoryBodySize(type: SccpMessageType, version: number): number {
  const known = mandatorySizes.get(type)?.get(version);
  if (known !== undefined) return known;
  const layout = layouts[type] as MessageLayout<unknown>;
  const size = layout.kind === 'custom' ? layout.mandatory(version) : mandatorySize(layout.fields, version);
  // The layouts are constants: remembered per type and accepted header version (a bounded set),
  // since every encode with truncateTo and every decode asks.
  if (isHeaderVersion(version)) {
    const byVersion = mandatorySizes.get(type) ?? new Map<number, number>();
    byVersion.set(version, size);
    mandatorySizes.set(type, byVersion);
  }
  return size;
}

/** {@link mandatoryBodySize} per message type and header version, filled on first use. */
const mandatorySizes = new Map<SccpMessageType, Map<number, number>>();

/** Largest body of a message type at a header version. */
export function maximumBodySize(type: SccpMessageType, version: number): number {
  const layout = layouts[type] as MessageLayout<unknown>;
  return layout.kind === 'custom' ? layout.maximum(version) : maximumSize(layout.fields, version);
}
