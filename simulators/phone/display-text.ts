import { DisplayLabelMarker, DisplayLabelText } from '../sccp/enums.ts';

/**
 * Turns SCCP display text into what the phone shows: each `\x80 <n>` pair becomes the English
 * text of label n (chan-sccp sccp_labels.h via Wireshark packet-skinny: 19 "Your current
 * options", 23 "From ", 32 "Enter number"), so `\x80\x17` + "1003" reads "From 1003". An unknown
 * label number is shown as `[label n]`; a trailing lone marker is dropped.
 */
export function decodeDisplayText(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code !== DisplayLabelMarker) {
      out += raw[i];
      continue;
    }
    if (i + 1 >= raw.length) break;
    const label = raw.charCodeAt(i + 1);
    out += DisplayLabelText.get(label) ?? `[label ${label}]`;
    i++;
  }
  return out;
}

/** The label number when `raw` is exactly one `\x80 <n>` label, else undefined. */
export function labelNumber(raw: string): number | undefined {
  if (raw.length === 2 && raw.charCodeAt(0) === DisplayLabelMarker) return raw.charCodeAt(1);
  return undefined;
}
