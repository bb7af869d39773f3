import { SoftKeyEvent } from '../sccp/enums.ts';
import type { PhoneState } from './phone-state.ts';

/**
 * The SoftKeyEvent number a press of soft key `name` sends. A real phone sends the event the
 * server's SoftKeyTemplateRes pairs with the key's label, so the template wins (labels compared
 * after decoding `\x80 <n>`: CUCM sends e.g. `\x80\x02` for NewCall, reference §6 frame 40).
 * Without a matching template entry the SoftKeyEvent enum value is used (Wireshark's SkinnyProtocolOptimized.xml
 * SoftKeyEvent: NewCall 2, EndCall 9, Answer 11, DND 63, ...). Note that DND is 63 as an event but
 * 22 as a SoftKeyTemplateIndex; the two tables must not be mixed. Undefined for an unknown name.
 */
export function softKeyEventFor(state: PhoneState, name: string): number | undefined {
  const wanted = name.toLowerCase();
  const fromTemplate = state.softKeyTemplate.find(
    (k) => k !== undefined && k.name.trim().toLowerCase() === wanted,
  );
  if (fromTemplate !== undefined) return fromTemplate.event;
  const table: Readonly<Record<string, number>> = SoftKeyEvent;
  for (const [key, value] of Object.entries(table)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}
