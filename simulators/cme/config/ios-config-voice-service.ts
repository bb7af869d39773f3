import type { ConfigLine } from './ios-config-lines.ts';
import { restOf } from './ios-config-lines.ts';
import { type ApplyResult, claimsPatterns, type ModeFrame, modeFrame } from './ios-config-mode.ts';
import type { VoiceServiceVoip } from './ios-config-types.ts';
import { fail, intAt, wordAt } from './ios-config-values.ts';

export function newVoiceServiceVoip(line: number): VoiceServiceVoip {
  return {
    line,
    allowConnections: [],
    ctiShutdown: true, // CME CSTA guide Step 7: `no cti shutdown` "Enables CTI integration", so shut is the default
    ctiCstaModeBasic: false,
    ctiMessageDeviceIdSuppressConversion: false,
    callmonitor: false,
    gcid: false,
    supplementaryServicesDisabled: [],
    sipRegistrar: undefined,
  };
}

/**
 * `registrar server [expires [max <s>] [min <s>]]` (CME CSTA guide Step 13). The seed's text gives max
 * 600..86400, but its own session-manager example uses `expires max 120 min 60`, so the IOS
 * parser ranges are used: max 120..86400, min 60..3600.
 */
function registrar(v: VoiceServiceVoip, cmd: ConfigLine): ApplyResult {
  if (cmd.keys[1] !== 'server') return 'unmodelled';
  let expiresMax: number | undefined;
  let expiresMin: number | undefined;
  let i = 2;
  if (cmd.keys[i] === 'expires') {
    i++;
    for (; i < cmd.keys.length; i++) {
      if (cmd.keys[i] === 'max') expiresMax = intAt(cmd, ++i, 'expires max', 120, 86400);
      else if (cmd.keys[i] === 'min') expiresMin = intAt(cmd, ++i, 'expires min', 60, 3600);
      else break;
    }
  }
  if (i < cmd.keys.length)
    fail(cmd, 'bad-argument', `unexpected ${JSON.stringify(cmd.words[i])} in registrar server`);
  if (expiresMax !== undefined && expiresMin !== undefined && expiresMin > expiresMax) {
    fail(cmd, 'out-of-range', `expires min ${expiresMin} above max ${expiresMax}`);
  }
  v.sipRegistrar = { expiresMax, expiresMin, line: cmd.line };
  return 'done';
}

const sipClaims = claimsPatterns(['registrar', 'bind']);

function sipFrame(entry: ConfigLine, v: VoiceServiceVoip): ModeFrame {
  return modeFrame('voice-service-voip-sip', entry, sipClaims, (cmd) =>
    cmd.keys[0] === 'registrar' ? registrar(v, cmd) : 'unmodelled',
  );
}

function cti(v: VoiceServiceVoip, cmd: ConfigLine, on: boolean): ApplyResult {
  const rest = cmd.keys.slice(on ? 1 : 2).join(' ');
  if (rest === 'shutdown') v.ctiShutdown = on;
  else if (rest === 'csta mode basic') v.ctiCstaModeBasic = on;
  else if (rest === 'message device-id suppress-conversion') v.ctiMessageDeviceIdSuppressConversion = on;
  else return 'unmodelled';
  return 'done';
}

function allowConnections(v: VoiceServiceVoip, cmd: ConfigLine): void {
  const first = wordAt(cmd, 1, 'allow-connections').toLowerCase();
  // Running-configs write `allow-connections sip to sip`; CME CSTA guide Step 4 spells it `sip-to-sip`.
  const joined = /^([a-z0-9]+)-to-([a-z0-9]+)$/.exec(first);
  let pair: [string, string] | undefined;
  if (joined && cmd.keys.length === 2) pair = [joined[1]!, joined[2]!];
  else if (cmd.keys.length === 4 && cmd.keys[2] === 'to') pair = [first, cmd.keys[3]!];
  if (pair === undefined) fail(cmd, 'bad-argument', 'allow-connections <from> to <to>');
  const [from, to] = pair;
  if (!v.allowConnections.some((c) => c.from === from && c.to === to)) v.allowConnections.push({ from, to });
}

function apply(v: VoiceServiceVoip, cmd: ConfigLine): ApplyResult {
  const k = cmd.keys;
  const on = k[0] !== 'no';
  const key = on ? k[0] : k[1];
  switch (key) {
    case 'allow-connections':
      if (!on) return 'unmodelled';
      allowConnections(v, cmd);
      return 'done';
    case 'supplementary-service': {
      const service = restOf(cmd.text, on ? 1 : 2);
      if (service === '') fail(cmd, 'missing-argument', 'supplementary-service <protocol> <service>');
      v.supplementaryServicesDisabled = v.supplementaryServicesDisabled.filter((s) => s !== service);
      if (!on) v.supplementaryServicesDisabled.push(service);
      return 'done';
    }
    case 'cti':
      return cti(v, cmd, on);
    case 'callmonitor':
    case 'gcid':
      if (k.length !== (on ? 1 : 2)) return 'unmodelled';
      v[key] = on;
      return 'done';
    case 'sip':
      if (!on || k.length !== 1) return 'unmodelled';
      return sipFrame(cmd, v);
    case 'registrar':
      // CME CSTA guide session-manager example: `registrar server` directly under `voice service voip`
      // (the `sip` line was lost when the example was flattened).
      return on ? registrar(v, cmd) : 'unmodelled';
    default:
      return 'unmodelled';
  }
}

const claims = claimsPatterns([
  'allow-connections',
  'supplementary-service',
  'cti',
  'callmonitor',
  'gcid',
  'sip',
  'registrar server',
]);

export function voiceServiceVoipFrame(entry: ConfigLine, v: VoiceServiceVoip): ModeFrame {
  return modeFrame('voice-service-voip', entry, claims, (cmd) => apply(v, cmd));
}
