import type { Ephone, IosConfig } from '../config/ios-config-types.ts';

/**
 * The per-phone configuration file a CME writes with `create cnf-files` (`cnf-file perphone`,
 * `cnf-file location flash:`) and serves by TFTP: `SEP<MAC>.cnf.xml`. The lab builds a compact,
 * well-formed subset of the real format, as far as the phones and the seeds need it:
 *
 * - chan-sccp (CallManager list and failover): the CallManager list is
 *   `devicePool/callManagerGroup/members/member priority="0,1,…"`, each with
 *   `callManager/ports/ethernetPhonePort` and `processNodeName`; priority 0 is this CME, 1 the
 *   `ip source-address ... secondary <ip>` standby;
 * - `servicesURL`: the URL the phone opens under its Services button. CME CSTA guide Step 11
 *   `url services <url> root` "provides menu of root phone services under the Services button",
 *   so with `root` it is that URL; otherwise it is the CME's own services menu;
 * - `<emService>`: the lab's model of the Extension Mobility login page entry in that services
 *   menu. It is present only for an Extension Mobility phone (one with `logout-profile`) and only
 *   without `em external` (CME CSTA guide Step 10: `em external` "removes login page for Extension
 *   Mobility from the Services menu on IP phones"). This element is the lab's own; a real CME
 *   serves the entry from its services menu rather than inside the cnf.xml.
 * - `loadInformation`: the phone model (`model` attribute); the firmware name is empty because
 *   the lab does not model `load <type> <file>`.
 */
export interface CnfFileOptions {
  /** Address the phones reach this CME at (processNodeName of the priority-0 member). */
  host: string;
  /** This CME's SCCP port (ethernetPhonePort of the priority-0 member). */
  sccpPort: number;
  /** Host of the CME's own HTTP services (default: `host`). */
  httpHost?: string;
}

export type CnfFileErrorCode = 'unknown-ephone' | 'no-mac-address';

export class CnfFileError extends Error {
  readonly code: CnfFileErrorCode;
  constructor(code: CnfFileErrorCode, message: string) {
    super(message);
    this.name = 'CnfFileError';
    this.code = code;
  }
}

/** Path of the CME's own services menu on its HTTP server (lab choice). */
export const CME_SERVICES_PATH = '/cme/services.xml';
/** Path of the CME's own Extension Mobility login page (lab choice). */
export const CME_EM_LOGIN_PATH = '/cme/em-login.xml';

/** `SEP<MAC>.cnf.xml`, the file name a phone asks the TFTP server for. */
export function cnfFileName(ephone: Ephone): string | undefined {
  return ephone.macAddress === undefined ? undefined : `SEP${ephone.macAddress}.cnf.xml`;
}

/** The effective services URL of the phones (see the module comment). */
export function servicesUrl(ios: IosConfig, opts: CnfFileOptions): string {
  const svc = ios.telephonyService?.urlServices;
  if (svc?.root) return svc.url;
  return `http://${opts.httpHost ?? opts.host}${CME_SERVICES_PATH}`;
}

/** Whether the ephone's Services menu has the CME's Extension Mobility login entry. */
export function hasEmLoginService(ios: IosConfig, ephone: Ephone): boolean {
  return ephone.logoutProfile !== undefined && !(ios.telephonyService?.emExternal ?? false);
}

/** The text of `SEP<MAC>.cnf.xml` for ephone `ephoneTag`. Throws {@link CnfFileError}. */
export function buildCnfXml(ios: IosConfig, ephoneTag: number, opts: CnfFileOptions): string {
  const ephone = ios.ephones.get(ephoneTag);
  if (ephone === undefined) throw new CnfFileError('unknown-ephone', `no ephone ${ephoneTag}`);
  if (ephone.macAddress === undefined)
    throw new CnfFileError('no-mac-address', `ephone ${ephoneTag} has no mac-address`);
  const ts = ios.telephonyService;
  const members: Array<{ address: string; port: number }> = [{ address: opts.host, port: opts.sccpPort }];
  // chan-sccp (CallManager list and failover): the standby CallManager follows as priority 1 (IOS default port 2000).
  const secondary = ts?.ipSourceAddress?.secondary ?? ts?.secondaryCallManagers[0];
  if (secondary !== undefined) members.push({ address: secondary, port: ts?.ipSourceAddress?.port ?? 2000 });

  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', '<device>'];
  out.push('  <deviceProtocol>SCCP</deviceProtocol>');
  out.push('  <devicePool>', '    <callManagerGroup>', '      <members>');
  members.forEach((m, priority) => {
    out.push(
      `        <member priority="${priority}">`,
      '          <callManager>',
      `            <ports><ethernetPhonePort>${m.port}</ethernetPhonePort></ports>`,
      `            <processNodeName>${xmlEscape(m.address)}</processNodeName>`,
      '          </callManager>',
      '        </member>',
    );
  });
  out.push('      </members>', '    </callManagerGroup>', '  </devicePool>');
  const versionStamp = ts?.createCnfFiles?.versionStamp;
  if (versionStamp !== undefined) out.push(`  <versionStamp>${xmlEscape(versionStamp)}</versionStamp>`);
  const model = ephone.type === undefined ? '' : ` model="${xmlEscape(`IP Phone ${ephone.type}`)}"`;
  out.push(`  <loadInformation${model}></loadInformation>`);
  out.push(`  <servicesURL>${xmlEscape(servicesUrl(ios, opts))}</servicesURL>`);
  if (hasEmLoginService(ios, ephone)) {
    const url = `http://${opts.httpHost ?? opts.host}${CME_EM_LOGIN_PATH}?device=SEP${ephone.macAddress}`;
    out.push(
      '  <emService>',
      '    <name>Extension Mobility</name>',
      `    <url>${xmlEscape(url)}</url>`,
      '  </emService>',
    );
  }
  out.push('</device>', '');
  return out.join('\n');
}

/**
 * Every `SEP<MAC>.cnf.xml` of the config, keyed by lower-case file name (TFTP names are matched
 * case-insensitively).
 */
export function buildCnfFiles(
  ios: IosConfig,
  opts: CnfFileOptions,
): Map<string, { name: string; text: string }> {
  const files = new Map<string, { name: string; text: string }>();
  for (const e of ios.ephones.values()) {
    const name = cnfFileName(e);
    if (name === undefined) continue;
    files.set(name.toLowerCase(), { name, text: buildCnfXml(ios, e.tag, opts) });
  }
  return files;
}

function xmlEscape(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
