import type { ConfigLine } from './ios-config-lines.ts';
import { restOf } from './ios-config-lines.ts';
import { type ApplyResult, claimsPatterns, type ModeFrame, modeFrame } from './ios-config-mode.ts';
import type { IpSourceAddress, TelephonyService, TransferSystem } from './ios-config-types.ts';
import { addressAt, fail, intAt, wordAt } from './ios-config-values.ts';

export function newTelephonyService(line: number): TelephonyService {
  return {
    line,
    maxEphones: undefined,
    maxEphonesLine: undefined,
    maxDn: undefined,
    maxDnLine: undefined,
    ipSourceAddress: undefined,
    secondaryCallManagers: [],
    keepalive: 30, // Cisco CME command reference: telephony-service keepalive default 30 s
    transferSystem: undefined,
    transferSystemOption: undefined,
    maxConferences: undefined,
    conferenceGain: undefined,
    emLogout: undefined,
    emExternal: false,
    urlServices: undefined,
    urls: [],
    cnfFileLocation: undefined,
    cnfFileGranularity: undefined,
    createCnfFiles: undefined,
    xmlUser: undefined,
  };
}

const transferSystems: readonly TransferSystem[] = ['blind', 'full-blind', 'full-consult', 'local-consult'];

/** `ip source-address <ip> [port <p>] [any-match | strict-match] [secondary <ip> [rehome <s>]]`. */
function ipSourceAddress(cmd: ConfigLine): IpSourceAddress {
  const result: IpSourceAddress = {
    address: addressAt(cmd, 2, 'ip source-address'),
    port: 2000, // chan-sccp (CallManager list and failover): ethernetPhonePort 2000
    match: undefined,
    secondary: undefined,
    rehome: undefined,
    line: cmd.line,
  };
  for (let i = 3; i < cmd.keys.length; i++) {
    const key = cmd.keys[i];
    if (key === 'port') result.port = intAt(cmd, ++i, 'port', 1, 65535);
    else if (key === 'any-match' || key === 'strict-match') result.match = key;
    else if (key === 'secondary') result.secondary = addressAt(cmd, ++i, 'secondary');
    else if (key === 'rehome') result.rehome = intAt(cmd, ++i, 'rehome', 0, 65535);
    else fail(cmd, 'bad-argument', `unexpected ${JSON.stringify(cmd.words[i])} in ip source-address`);
  }
  return result;
}

function apply(ts: TelephonyService, cmd: ConfigLine): ApplyResult {
  const k = cmd.keys;
  switch (k[0]) {
    case 'max-ephones':
      ts.maxEphones = intAt(cmd, 1, 'max-ephones', 1, 10000);
      ts.maxEphonesLine = cmd.line;
      return 'done';
    case 'max-dn':
      ts.maxDn = intAt(cmd, 1, 'max-dn', 1, 100000);
      ts.maxDnLine = cmd.line;
      return 'done';
    case 'keepalive':
      ts.keepalive = intAt(cmd, 1, 'keepalive', 10, 65535);
      return 'done';
    case 'transfer-system': {
      const mode = wordAt(cmd, 1, 'transfer-system mode').toLowerCase();
      const found = transferSystems.find((t) => t === mode);
      if (found === undefined) fail(cmd, 'bad-argument', `transfer-system ${JSON.stringify(mode)} unknown`);
      const option = k[2];
      if (
        option !== undefined &&
        !(found === 'full-consult' && (option === 'dss' || option === 'privacy-on-hold'))
      ) {
        fail(cmd, 'bad-argument', `unexpected ${JSON.stringify(option)} after transfer-system ${found}`);
      }
      ts.transferSystem = found;
      ts.transferSystemOption = option as TelephonyService['transferSystemOption'];
      return 'done';
    }
    case 'max-conferences': {
      ts.maxConferences = intAt(cmd, 1, 'max-conferences', 1, 1000);
      ts.conferenceGain = undefined;
      if (k[2] === 'gain') {
        const gain = intAt(cmd, 3, 'gain', -6, 3);
        if (![-6, 0, 3].includes(gain)) fail(cmd, 'out-of-range', 'max-conferences gain must be -6, 0 or 3');
        ts.conferenceGain = gain;
      } else if (k[2] !== undefined) {
        fail(cmd, 'bad-argument', `unexpected ${JSON.stringify(cmd.words[2])} in max-conferences`);
      }
      return 'done';
    }
    case 'em':
      if (k[1] === 'external' && k.length === 2) {
        ts.emExternal = true;
        return 'done';
      }
      if (k[1] === 'logout') {
        const times = cmd.words.slice(2);
        if (times.length < 1 || times.length > 3)
          fail(cmd, 'missing-argument', 'em logout takes one to three hh:mm times');
        for (const t of times) {
          const m = /^(\d{1,2}):(\d{1,2})$/.exec(t);
          if (!m || Number(m[1]) > 23 || Number(m[2]) > 59)
            fail(cmd, 'bad-argument', `em logout time ${JSON.stringify(t)}`);
        }
        ts.emLogout = times;
        return 'done';
      }
      return 'unmodelled';
    case 'url': {
      const kind = wordAt(cmd, 1, 'url kind').toLowerCase();
      const url = wordAt(cmd, 2, 'url');
      if (k.length > 4 || (k[3] !== undefined && k[3] !== 'root'))
        fail(cmd, 'bad-argument', 'url <kind> <url> [root]');
      const setting = { kind, url, root: k[3] === 'root', line: cmd.line };
      ts.urls = ts.urls.filter((u) => u.kind !== kind).concat(setting);
      if (kind === 'services') ts.urlServices = setting;
      return 'done';
    }
    case 'cnf-file':
      if (k[1] === 'location')
        ts.cnfFileLocation = restOf(cmd.text, 2) || fail(cmd, 'missing-argument', 'location');
      else ts.cnfFileGranularity = wordAt(cmd, 1, 'cnf-file granularity').toLowerCase();
      return 'done';
    case 'create':
      if (k[1] !== 'cnf-files') return 'unmodelled';
      ts.createCnfFiles = { versionStamp: k[2] === 'version-stamp' ? restOf(cmd.text, 3) : undefined };
      return 'done';
    case 'xml':
      if (k[1] !== 'user') return 'unmodelled';
      if (k[3] !== 'password') fail(cmd, 'bad-argument', 'xml user <name> password <pw> <level>');
      ts.xmlUser = {
        user: wordAt(cmd, 2, 'xml user'),
        password: wordAt(cmd, 4, 'password'),
        privilege: k[5] === undefined ? undefined : intAt(cmd, 5, 'privilege', 0, 15),
      };
      return 'done';
    case 'ip':
      if (k[1] !== 'source-address') return 'unmodelled';
      ts.ipSourceAddress = ipSourceAddress(cmd);
      ts.secondaryCallManagers =
        ts.ipSourceAddress.secondary === undefined ? [] : [ts.ipSourceAddress.secondary];
      return 'done';
    default:
      return 'unmodelled';
  }
}

const claims = claimsPatterns([
  'max-ephones',
  'max-dn',
  'ip source-address',
  'ip qos',
  'keepalive',
  'transfer-system',
  'max-conferences',
  'em',
  'url',
  'cnf-file',
  'create cnf-files',
  'xml',
  // telephony-service commands whose first word is also a global command
  'service phone',
]);

export function telephonyServiceFrame(entry: ConfigLine, ts: TelephonyService): ModeFrame {
  return modeFrame('telephony-service', entry, claims, (cmd) =>
    cmd.keys[0] === 'no' ? 'unmodelled' : apply(ts, cmd),
  );
}
