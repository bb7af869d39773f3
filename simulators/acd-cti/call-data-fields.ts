// The ACD's call data (acd/call-data.ts) as GED-188 floating fields, in the order of the guide's
// call data block (Cisco "CTI Server Message Reference Guide", BEGIN_CALL_EVENT, CALL_DATA_UPDATE_
// EVENT, CALL_DELIVERED_EVENT floating parts: ANI, UserToUserInfo, DNIS, DialedNumber,
// CallerEnteredDigits, CallVariable1-10, NamedVariable, NamedArray), with the NumNamedVariables /
// NumNamedArrays counts of the fixed part.
import { CALL_VARIABLE_COUNT, type CallData } from '../acd/call-data.ts';
import type { FloatingField } from '../cti-server/wire.ts';

export interface CallDataFields {
  readonly floating: readonly FloatingField[];
  readonly numNamedVariables: number;
  readonly numNamedArrays: number;
}

/**
 * The call data fields. Every CallVariable is sent, empty ones as '' (so an update that empties a
 * variable is visible); UserToUserInfo only when there is some. `dnis: false` leaves DNIS out (a
 * message whose table has no DNIS, e.g. AGENT_PRE_CALL_EVENT).
 */
export function callDataFields(data: CallData, options: { readonly dnis?: boolean } = {}): CallDataFields {
  const floating: FloatingField[] = [{ name: 'ANI', value: data.ani }];
  if (data.userToUserInfo.length > 0) floating.push({ name: 'UserToUserInfo', value: data.userToUserInfo });
  if (options.dnis !== false) floating.push({ name: 'DNIS', value: data.dnis });
  floating.push({ name: 'DialedNumber', value: data.dialedNumber });
  floating.push({ name: 'CallerEnteredDigits', value: data.callerEnteredDigits });
  for (let i = 0; i < CALL_VARIABLE_COUNT; i++)
    floating.push({ name: `CallVariable${i + 1}`, value: data.callVariables[i] ?? '' });
  const variables = Object.entries(data.namedVariables);
  for (const [name, value] of variables) floating.push({ name: 'NamedVariable', value: { name, value } });
  let arrays = 0;
  for (const [name, values] of Object.entries(data.namedArrays)) {
    for (const [index, value] of Object.entries(values)) {
      floating.push({ name: 'NamedArray', value: { index: Number(index), name, value } });
      arrays++;
    }
  }
  return { floating, numNamedVariables: variables.length, numNamedArrays: arrays };
}
