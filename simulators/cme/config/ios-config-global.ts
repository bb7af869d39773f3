import { ephoneEntry } from './ios-config-ephone.ts';
import { ephoneDnEntry } from './ios-config-ephone-dn.ts';
import { dnTemplateEntry } from './ios-config-ephone-dn-template.ts';
import { type ConfigLine, startsWith } from './ios-config-lines.ts';
import { type ApplyResult, type ModeFrame, modeFrame, positiveKeys } from './ios-config-mode.ts';
import { newTelephonyService, telephonyServiceFrame } from './ios-config-telephony-service.ts';
import type { IosConfig } from './ios-config-types.ts';
import { fail, wordAt } from './ios-config-values.ts';
import { logoutProfileEntry, userProfileEntry } from './ios-config-voice-profiles.ts';
import {
  newVoiceRegisterGlobal,
  sessionServerEntry,
  voiceRegisterGlobalFrame,
} from './ios-config-voice-register.ts';
import { newVoiceServiceVoip, voiceServiceVoipFrame } from './ios-config-voice-service.ts';

/** The parser's working copy of the model (relations are derived at the end). */
export type ConfigDraft = Omit<IosConfig, 'relations'>;

const modelledModes = [
  'telephony-service',
  'ephone-dn-template',
  'ephone-dn',
  'ephone',
  'voice service voip',
  'voice register global',
  'voice register session-server',
  'voice logout-profile',
  'voice user-profile',
];

/**
 * Global commands that open a mode the lab does not model. Their sub-commands are kept as
 * unmodelled. Longer patterns first: the first match names the mode.
 */
const otherModes = [
  'ip dhcp pool',
  'ip access-list',
  'ip vrf',
  'ixi transport',
  'ixi application',
  'interface',
  'control-plane',
  'voice-port',
  'voice-card',
  'dial-peer voice',
  'sip-ua',
  'archive',
  'line',
  'router',
  'voice service',
  'voice register',
  'voice class',
  'voice translation-rule',
  'voice translation-profile',
  'voice hunt-group',
  'voice emergency',
  'voice-gateway',
  'ephone-hunt',
  'ephone-template',
  'ephone-type',
  'call-manager-fallback',
  'gatekeeper',
  'gateway',
  'application',
  'crypto pki trustpoint',
  'crypto pki certificate',
  'crypto isakmp policy',
  'crypto map',
  'class-map',
  'policy-map',
  'key chain',
  'vlan',
  'mgcp profile',
  'sccp ccm group',
  'dspfarm profile',
  'presence',
  'redundancy',
  'controller',
  'track',
  'event manager applet',
  'ivr',
  'stcapp',
];

/**
 * Global one-line commands (IOS running-config top level). In a flattened config these leave any
 * open mode; the list only needs the commands CME CSTA guide and common running-configs carry.
 */
const globalCommands = [
  'version',
  'service',
  'hostname',
  'boot-start-marker',
  'boot-end-marker',
  'boot',
  'logging',
  'aaa',
  'enable',
  'username',
  'clock',
  'ntp',
  'snmp-server',
  'memory-size',
  'card',
  'network-clock-participate',
  'license',
  'spanning-tree',
  'vtp',
  'cdp',
  'tftp-server',
  'access-list',
  'ip cef',
  'ip source-route',
  'ip route',
  'ip http',
  'ip forward-protocol',
  'ip domain',
  'ip domain-name',
  'ip domain-lookup',
  'ip name-server',
  'ip dhcp excluded-address',
  'ip dhcp',
  'ip ssh',
  'ip scp',
  'ip classless',
  'ip subnet-zero',
  'ip rtcp',
  'ipv6',
  'multilink',
  'mgcp',
  'ccm-manager',
  'sccp',
  'dial-peer cor',
  'voice rtp',
  'scheduler',
  'alias',
  'privilege',
  'file',
  'banner',
  'end',
  'exit',
];

function matching(patterns: readonly string[], keys: readonly string[]): string | undefined {
  return patterns.find((p) => startsWith(keys, p));
}

/** Does this command belong to the global level (a mode entry or a global one-liner)? */
export function isGlobalCommand(cmd: ConfigLine): boolean {
  const keys = cmd.keys;
  if (matching(modelledModes, keys) !== undefined || matching(otherModes, keys) !== undefined) return true;
  return matching(globalCommands, positiveKeys(cmd)) !== undefined;
}

/** A mode the lab does not model: it claims whatever is not a global command. */
function otherModeFrame(mode: string, entry: ConfigLine): ModeFrame {
  const frame = modeFrame(
    mode,
    entry,
    (cmd) => !isGlobalCommand(cmd),
    () => 'unmodelled',
  );
  frame.modelled = false;
  return frame;
}

/** Applies a command at the global level: hostname, the modelled modes, other modes. */
export function applyGlobal(draft: ConfigDraft, cmd: ConfigLine): ApplyResult {
  const k = cmd.keys;
  if (k[0] === 'hostname') {
    if (k.length !== 2) fail(cmd, 'bad-argument', 'hostname <name>');
    draft.hostname = wordAt(cmd, 1, 'hostname');
    return 'done';
  }
  if (k[0] === 'telephony-service' && k.length === 1) {
    draft.telephonyService ??= newTelephonyService(cmd.line);
    return telephonyServiceFrame(cmd, draft.telephonyService);
  }
  if (k[0] === 'ephone-dn-template') return dnTemplateEntry(cmd, draft.ephoneDnTemplates);
  if (k[0] === 'ephone-dn') return ephoneDnEntry(cmd, draft.ephoneDns);
  if (k[0] === 'ephone') return ephoneEntry(cmd, draft.ephones);
  if (startsWith(k, 'voice service voip') && k.length === 3) {
    draft.voiceServiceVoip ??= newVoiceServiceVoip(cmd.line);
    return voiceServiceVoipFrame(cmd, draft.voiceServiceVoip);
  }
  if (startsWith(k, 'voice register global') && k.length === 3) {
    draft.voiceRegisterGlobal ??= newVoiceRegisterGlobal(cmd.line);
    return voiceRegisterGlobalFrame(cmd, draft.voiceRegisterGlobal);
  }
  if (startsWith(k, 'voice register session-server'))
    return sessionServerEntry(cmd, draft.voiceRegisterSessionServers);
  if (startsWith(k, 'voice logout-profile')) return logoutProfileEntry(cmd, draft.voiceLogoutProfiles);
  if (startsWith(k, 'voice user-profile')) return userProfileEntry(cmd, draft.voiceUserProfiles);
  const other = matching(otherModes, k);
  if (other !== undefined) return otherModeFrame(other, cmd);
  return 'unmodelled';
}
