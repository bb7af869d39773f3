/**
 * A press on a drawn phone, applied through the phone's own API (the one the Gherkin steps use):
 * `offhook` (optional `line`), `onhook`, `dial` (`digits`), `softkey` (`key`, optional `line`),
 * `line` (`line`). Bad input is refused with the HTTP status the dashboard answers and a reason.
 */
import { ok, type Result, refused } from '../lab/result.ts';
import type { SccpPhone } from '../phone/phone.ts';
import { PhoneActionError } from '../phone/phone-errors.ts';

export const PHONE_ACTIONS = ['offhook', 'onhook', 'dial', 'softkey', 'line'] as const;
export type PhoneAction = (typeof PHONE_ACTIONS)[number];

/** 400 bad input (unknown key, bad digits, missing field), 404 no such action, 409 phone not registered. */
export type ActionRefusal = 400 | 404 | 409;

export function applyPhoneAction(
  phone: SccpPhone,
  action: string,
  body: Record<string, unknown>,
): Result<void, ActionRefusal> {
  if (!(PHONE_ACTIONS as readonly string[]).includes(action))
    return refused(404, `unknown action '${action}' (one of ${PHONE_ACTIONS.join(', ')})`);
  const line = body['line'];
  if (line !== undefined && (typeof line !== 'number' || !Number.isInteger(line) || line < 1))
    return refused(400, `'line' must be an integer >= 1, got ${JSON.stringify(line)}`);
  const text = (field: string): string | undefined => {
    const v = body[field];
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  try {
    switch (action as PhoneAction) {
      case 'offhook':
        phone.offHook(line);
        break;
      case 'onhook':
        phone.onHook();
        break;
      case 'dial': {
        const digits = text('digits');
        if (digits === undefined) return refused(400, "'digits' (a non-empty string) is required");
        phone.dial(digits);
        break;
      }
      case 'softkey': {
        const key = text('key');
        if (key === undefined) return refused(400, "'key' (a soft key name, e.g. NewCall) is required");
        phone.softKey(key, line === undefined ? {} : { line });
        break;
      }
      case 'line':
        if (line === undefined) return refused(400, "'line' (the line instance, from 1) is required");
        phone.pressLine(line);
        break;
    }
  } catch (e) {
    if (!(e instanceof PhoneActionError)) throw e;
    return refused(e.message.endsWith('phone is not registered') ? 409 : 400, e.message);
  }
  return ok();
}
