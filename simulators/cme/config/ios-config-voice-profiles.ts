import { maxProfileTag } from './ios-config-ephone.ts';
import type { ConfigLine } from './ios-config-lines.ts';
import { type ApplyResult, claimsPatterns, type ModeFrame, modeFrame } from './ios-config-mode.ts';
import type { ProfileNumber, VoiceLogoutProfile, VoiceUserProfile } from './ios-config-types.ts';
import { dnNumberAt, fail, intAt, wordAt } from './ios-config-values.ts';

/** Extension Mobility profiles (CME CSTA guide "Configure a Number or Device": `voice user-profile`, `voice logout-profile`). */

const numberTypes = [
  'normal',
  'silent-ring',
  'beep-ring',
  'feature-ring',
  'monitor-ring',
  'overlay',
  'cw-overlay',
];

/** `number <dn> [type <kind>]`; a number given again replaces its earlier entry. */
function profileNumber(numbers: ProfileNumber[], cmd: ConfigLine): ProfileNumber[] {
  const number = dnNumberAt(cmd, 1, 'number');
  let type = 'normal';
  if (cmd.keys.length > 2) {
    if (cmd.keys[2] !== 'type' || cmd.keys.length !== 4) fail(cmd, 'bad-argument', 'number <dn> type <kind>');
    type = cmd.keys[3]!;
    if (!numberTypes.includes(type)) fail(cmd, 'bad-argument', `number type ${JSON.stringify(type)} unknown`);
  }
  return numbers.filter((n) => n.number !== number).concat({ number, type, line: cmd.line });
}

export function userProfileEntry(cmd: ConfigLine, profiles: Map<number, VoiceUserProfile>): ModeFrame {
  const tag = intAt(cmd, 2, 'voice user-profile tag', 1, maxProfileTag);
  if (cmd.keys.length > 3) fail(cmd, 'bad-argument', 'voice user-profile <tag>');
  const profile = profiles.get(tag) ?? {
    tag,
    line: cmd.line,
    user: undefined,
    password: undefined,
    numbers: [],
  };
  profiles.set(tag, profile);
  return modeFrame(
    'voice-user-profile',
    cmd,
    claimsPatterns(['user', 'number', 'pin', 'speed-dial']),
    (c) => {
      if (c.keys[0] === 'number') profile.numbers = profileNumber(profile.numbers, c);
      else if (c.keys[0] === 'user') {
        // CME CSTA guide MOC example: `user user204 password psswrd`
        profile.user = wordAt(c, 1, 'user');
        if (c.keys.length !== 2 && !(c.keys[2] === 'password' && c.keys.length === 4)) {
          fail(c, 'bad-argument', 'user <name> password <password>');
        }
        profile.password = c.words[3];
      } else return 'unmodelled';
      return 'done' as ApplyResult;
    },
  );
}

export function logoutProfileEntry(cmd: ConfigLine, profiles: Map<number, VoiceLogoutProfile>): ModeFrame {
  const tag = intAt(cmd, 2, 'voice logout-profile tag', 1, maxProfileTag);
  if (cmd.keys.length > 3) fail(cmd, 'bad-argument', 'voice logout-profile <tag>');
  const profile = profiles.get(tag) ?? { tag, line: cmd.line, numbers: [] };
  profiles.set(tag, profile);
  return modeFrame(
    'voice-logout-profile',
    cmd,
    claimsPatterns(['user', 'number', 'pin', 'speed-dial']),
    (c) => {
      if (c.keys[0] !== 'number') return 'unmodelled';
      profile.numbers = profileNumber(profile.numbers, c);
      return 'done';
    },
  );
}
