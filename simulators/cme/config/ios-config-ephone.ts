import { parseButtonTokens } from './ephone-button.ts';
import type { ConfigLine } from './ios-config-lines.ts';
import { restOf } from './ios-config-lines.ts';
import { type ApplyResult, type ModeFrame, modeFrame, positiveKeys } from './ios-config-mode.ts';
import type { Ephone } from './ios-config-types.ts';
import { fail, intAt, normaliseMac, unquote, wordAt } from './ios-config-values.ts';

export const maxEphoneTag = 99999;
export const maxProfileTag = 99999;

/** `ephone <tag>`. */
export function ephoneEntry(cmd: ConfigLine, ephones: Map<number, Ephone>): ModeFrame {
  const tag = intAt(cmd, 1, 'ephone tag', 1, maxEphoneTag);
  if (cmd.keys.length > 2) fail(cmd, 'bad-argument', 'ephone <tag>');
  let ephone = ephones.get(tag);
  if (ephone === undefined) {
    ephone = {
      tag,
      line: cmd.line,
      macAddress: undefined,
      macLine: undefined,
      deviceName: undefined,
      type: undefined,
      addons: [],
      buttons: [],
      logoutProfile: undefined,
      logoutProfileLine: undefined,
      username: undefined,
      description: undefined,
    };
    ephones.set(tag, ephone);
  }
  const target = ephone;
  return modeFrame('ephone', cmd, claims, (c) => apply(target, c));
}

/** The ephone form `username <name> [password <pw>]`, not the global `username ... secret`. */
function isEphoneUsername(keys: readonly string[]): boolean {
  return keys[0] === 'username' && (keys.length === 2 || (keys.length === 4 && keys[2] === 'password'));
}

function claims(cmd: ConfigLine): boolean {
  const keys = positiveKeys(cmd);
  return (
    ['mac-address', 'type', 'button', 'logout-profile', 'description'].includes(keys[0] ?? '') ||
    isEphoneUsername(keys)
  );
}

function macAddress(ephone: Ephone, cmd: ConfigLine): void {
  const written = wordAt(cmd, 1, 'mac-address');
  const mac = normaliseMac(written);
  if (mac === undefined) fail(cmd, 'bad-mac', `mac-address ${JSON.stringify(written)} is not HHHH.HHHH.HHHH`);
  if (cmd.keys.length > 2 && !(cmd.keys[2] === 'reg-mode' && cmd.keys.length === 4)) {
    fail(cmd, 'bad-argument', 'mac-address <HHHH.HHHH.HHHH> [reg-mode <mode>]');
  }
  ephone.macAddress = mac;
  ephone.macLine = cmd.line;
  // chan-sccp (CallManager list and failover): the phone's TFTP file and SCCP device name are SEP<MAC>
  ephone.deviceName = `SEP${mac}`;
}

function type(ephone: Ephone, cmd: ConfigLine): void {
  ephone.type = wordAt(cmd, 1, 'type');
  ephone.addons = [];
  if (cmd.keys.length === 2) return;
  // `type 7960 addon 1 7914 [2 7914]`
  if (cmd.keys[2] !== 'addon') fail(cmd, 'bad-argument', 'type <model> [addon 1 <module> [2 <module>]]');
  const rest = cmd.words.slice(3);
  if (rest.length !== 2 && rest.length !== 4) fail(cmd, 'bad-argument', 'addon <n> <module> ...');
  for (let i = 0; i < rest.length; i += 2) {
    if (rest[i] !== String(i / 2 + 1)) fail(cmd, 'bad-argument', `addon position ${JSON.stringify(rest[i])}`);
    ephone.addons.push(rest[i + 1]!);
  }
}

function apply(ephone: Ephone, cmd: ConfigLine): ApplyResult {
  const k = cmd.keys;
  switch (k[0]) {
    case 'mac-address':
      macAddress(ephone, cmd);
      return 'done';
    case 'type':
      type(ephone, cmd);
      return 'done';
    case 'button': {
      // A button index given again replaces the earlier assignment, as re-entering it in IOS does.
      const added = parseButtonTokens(cmd.words.slice(1), cmd.line, cmd.text);
      const kept = ephone.buttons.filter((b) => !added.some((a) => a.index === b.index));
      ephone.buttons = [...kept, ...added].sort((a, b) => a.index - b.index);
      return 'done';
    }
    case 'logout-profile':
      ephone.logoutProfile = intAt(cmd, 1, 'logout-profile', 1, maxProfileTag);
      ephone.logoutProfileLine = cmd.line;
      return 'done';
    case 'username':
      if (!isEphoneUsername(k)) return 'unmodelled';
      ephone.username = { name: unquote(cmd.words[1]!), password: cmd.words[3] };
      return 'done';
    case 'description':
      ephone.description = restOf(cmd.text, 1);
      return 'done';
    default:
      return 'unmodelled';
  }
}
