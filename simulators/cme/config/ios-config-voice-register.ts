import type { ConfigLine } from './ios-config-lines.ts';
import { type ApplyResult, claimsPatterns, type ModeFrame, modeFrame } from './ios-config-mode.ts';
import type { VoiceRegisterGlobal, VoiceRegisterSessionServer } from './ios-config-types.ts';
import { addressAt, fail, intAt, wordAt } from './ios-config-values.ts';

export function newVoiceRegisterGlobal(line: number): VoiceRegisterGlobal {
  return { line, mode: undefined, sourceAddress: undefined };
}

function applyGlobal(g: VoiceRegisterGlobal, cmd: ConfigLine): ApplyResult {
  const k = cmd.keys;
  if (k[0] === 'mode') {
    // CME CSTA guide "Create a Session Manager" Step 4: `mode cme`
    g.mode = wordAt(cmd, 1, 'mode').toLowerCase();
    if (k.length > 2) fail(cmd, 'bad-argument', 'mode <cme | srst>');
    return 'done';
  }
  if (k[0] === 'source-address') {
    const address = addressAt(cmd, 1, 'source-address');
    let port = 5060; // SIP default port
    if (k[2] === 'port') port = intAt(cmd, 3, 'port', 1, 65535);
    if (k.length !== 2 && !(k[2] === 'port' && k.length === 4))
      fail(cmd, 'bad-argument', 'source-address <ip> [port <p>]');
    g.sourceAddress = { address, port };
    return 'done';
  }
  return 'unmodelled';
}

export function voiceRegisterGlobalFrame(entry: ConfigLine, g: VoiceRegisterGlobal): ModeFrame {
  return modeFrame('voice-register-global', entry, claimsPatterns(['mode', 'source-address']), (cmd) =>
    applyGlobal(g, cmd),
  );
}

/** `voice register session-server <1-8>` (CME CSTA guide Step 6: "Range: 1 to 8"). */
export function sessionServerEntry(
  cmd: ConfigLine,
  servers: Map<number, VoiceRegisterSessionServer>,
): ModeFrame {
  const tag = intAt(cmd, 3, 'session-server tag', 1, 8);
  if (cmd.keys.length > 4) fail(cmd, 'bad-argument', 'voice register session-server <1-8>');
  let server = servers.get(tag);
  if (server === undefined) {
    // CME CSTA guide Step 9: keepalive "Default: 300"
    server = { tag, line: cmd.line, keepalive: 300, registerId: undefined, ctiAware: false };
    servers.set(tag, server);
  }
  const target = server;
  return modeFrame(
    'voice-register-session-server',
    cmd,
    claimsPatterns(['keepalive', 'register-id', 'cti-aware']),
    (c) => applySessionServer(target, c),
  );
}

function applySessionServer(s: VoiceRegisterSessionServer, cmd: ConfigLine): ApplyResult {
  const k = cmd.keys;
  switch (k.join(' ') === 'no cti-aware' ? 'no cti-aware' : k[0]) {
    case 'keepalive':
      // CME CSTA guide Step 9: "Range: 60 to 3600"
      s.keepalive = intAt(cmd, 1, 'keepalive', 60, 3600);
      return 'done';
    case 'register-id': {
      // CME CSTA guide Step 8: "1 to 30 alphanumeric characters"
      const id = wordAt(cmd, 1, 'register-id');
      if (!/^[A-Za-z0-9]{1,30}$/.test(id) || k.length > 2) {
        fail(cmd, 'bad-argument', 'register-id takes 1 to 30 alphanumeric characters');
      }
      s.registerId = id;
      return 'done';
    }
    case 'cti-aware':
      if (k.length !== 1) return 'unmodelled';
      s.ctiAware = true;
      return 'done';
    case 'no cti-aware':
      s.ctiAware = false;
      return 'done';
    default:
      return 'unmodelled';
  }
}
