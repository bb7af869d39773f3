import { ok, type Result, refused } from '../lab/result.ts';
import { frozenMessage } from '../sccp/codec.ts';
import { ButtonType } from '../sccp/enums.ts';
import type { SccpMessage, ServerEntry } from '../sccp/messages.ts';
import type { LineAppearances } from './line-appearances.ts';
import { acceptsDeviceType, ephoneModel } from './phone-models.ts';
import { headerVersionFor, negotiateProtocolVersion, registerAckFeatures } from './protocol-version.ts';
import { softKeySetDefinitions, softKeyTemplate } from './softkeys.ts';
import type { EphoneConfig, StationConfig } from './station-config.ts';
import { dnByNumber, ephoneByDeviceName } from './station-config.ts';
import type { StationSession } from './station-session.ts';

type Msg<T extends SccpMessage['type']> = Extract<SccpMessage, { type: T }>;

/**
 * The ephone a RegisterReq registers as, or the RegisterReject text (char[32], its `error`) and
 * why, for the log.
 */
export type RegisterVerdict = Result<EphoneConfig, string>;

/**
 * RegisterReject texts this node sends. Each fits RegisterReject's char[32] with its NUL
 * (Wireshark skinny dissector: RegisterRejectMessage `text`, 32 bytes).
 */
export const RegisterRejectText = {
  unknownDevice: 'Unknown device',
  invalidDeviceType: 'Invalid device type',
  deviceTypeMismatch: 'Device type mismatch',
  alreadyRegistered: 'Device already registered',
  maxEphones: 'max-ephones reached',
} as const;

/**
 * RegisterReq.deviceType values no phone sends: Wireshark's skinny DeviceType list has no entry
 * for 0 or 0xFFFFFFFF (an all-zero or all-ones field is an uninitialised or forged RegisterReq).
 */
const INVALID_DEVICE_TYPES: ReadonlySet<number> = new Set([0, 0xffffffff]);

/**
 * The registration exchange on the call-manager side (Wireshark packet-skinny and chan-sccp (registration)): RegisterAck
 * then CapabilitiesReq at once, then each of the phone's requests answered independently.
 */
export class StationRegistration {
  /** RegisterAck per "keepalive:version" (registerAck). */
  private readonly acks = new Map<string, Msg<'RegisterAck'>>();

  constructor(
    private readonly config: StationConfig,
    private readonly appearances: LineAppearances,
    private readonly now: () => number,
  ) {}

  /**
   * Decide on a RegisterReq. `registeredCount` counts devices already holding a registration.
   * Refusals, first match wins: unknown MAC, device type 0 / 0xFFFFFFFF, a device type the
   * ephone's `type` does not register as, a device already registered, max-ephones reached.
   */
  check(req: Msg<'RegisterReq'>, registeredCount: number, alreadyRegistered: boolean): RegisterVerdict {
    const ephone = ephoneByDeviceName(this.config, req.deviceName);
    // CME CSTA guide + issue 2: unknown MAC, max-ephones reached and duplicate registration are refused.
    if (!ephone)
      return refused(RegisterRejectText.unknownDevice, `${req.deviceName} is not a configured ephone`);
    const type = req.deviceType >>> 0;
    if (INVALID_DEVICE_TYPES.has(type))
      return refused(
        RegisterRejectText.invalidDeviceType,
        `${req.deviceName} sent device type 0x${type.toString(16)}`,
      );
    // Cisco CISCO-CCM-MIB CcmDevRegFailCauseCode deviceTypeMismatch(32): "The device type reported by
    // the device does not match the device type configured" refuses the registration (a CUCM text;
    // no public CME text was found, the ephone `type` plays the configured type here).
    if (!acceptsDeviceType(ephone.model, type))
      return refused(
        RegisterRejectText.deviceTypeMismatch,
        `${req.deviceName} sent device type ${type}, ephone ${ephone.tag} is type ${ephone.model}`,
      );
    if (alreadyRegistered)
      return refused(RegisterRejectText.alreadyRegistered, `${req.deviceName} holds a registration`);
    if (registeredCount >= this.config.settings.maxEphones)
      return refused(RegisterRejectText.maxEphones, `max-ephones ${this.config.settings.maxEphones} reached`);
    return ok(ephone);
  }

  accept(session: StationSession, req: Msg<'RegisterReq'>): void {
    const version = negotiateProtocolVersion(req.protocolVer ?? 0);
    session.protocolVersion = version;
    session.headerVersion = headerVersionFor(version);
    // reference §2: RegisterAck always goes out with header version 0.
    session.send(this.registerAck(version), 0);
    // reference §3: "then immediately CapabilitiesReq 0x009B (empty)".
    session.send(capabilitiesReq);
  }

  /**
   * RegisterAck for `version` with the configured keepalive: one frozen message per (keepalive,
   * version), so its frame is encoded once (encode-memo.ts) for every phone it answers.
   */
  private registerAck(version: number): Msg<'RegisterAck'> {
    const keepalive = this.config.settings.keepaliveSeconds;
    const key = `${keepalive}:${version}`;
    let ack = this.acks.get(key);
    // Stryker disable next-line ConditionalExpression: equivalent, building it again gives an equal message
    if (ack === undefined) {
      const features = registerAckFeatures(version);
      ack = frozenMessage({
        type: 'RegisterAck',
        keepAliveInterval: keepalive,
        dateTemplate: 'M/D/YA',
        secondaryKeepAliveInterval: keepalive,
        maxProtocolVer: version,
        unknown: features.unknown,
        phoneFeatures: features.phoneFeatures,
      } as Msg<'RegisterAck'>);
      this.acks.set(key, ack);
    }
    return ack;
  }

  reject(session: StationSession, text: string): void {
    session.send({ type: 'RegisterReject', text } as Msg<'RegisterReject'>, 0);
  }

  /** Answer a registration-phase request; returns false if `message` is not one of them. */
  answer(session: StationSession, message: SccpMessage): boolean {
    const device = session.deviceName ?? '';
    const lines = this.appearances.linesOf(device);
    switch (message.type) {
      case 'ButtonTemplateReq': {
        const model = ephoneModel(session.ephone?.model);
        const total = Math.max(model?.buttons ?? lines.length, lines.length);
        const definitions = [];
        for (let b = 1; b <= total; b++) {
          const line = lines.find((l) => l.button === b);
          definitions.push(
            line
              ? { instanceNumber: line.lineInstance, buttonDefinition: ButtonType.Line }
              : { instanceNumber: 0, buttonDefinition: ButtonType.Undefined },
          );
        }
        session.send({
          type: 'ButtonTemplateRes',
          buttonOffset: 0,
          totalButtonCount: definitions.length,
          definitions,
        });
        return true;
      }
      case 'SoftKeyTemplateReq':
        session.send(softKeyTemplateRes);
        return true;
      case 'SoftKeySetReq':
        session.send(softKeySetRes);
        return true;
      case 'ConfigStatReq':
        session.send({
          type: 'ConfigStatRes',
          deviceName: device,
          userId: 0,
          instance: 1,
          userName: '',
          serverName: this.config.settings.hostname,
          numberOfLines: lines.length,
          numberOfSpeedDials: 0,
        } as unknown as Msg<'ConfigStatRes'>);
        return true;
      case 'LineStatReq': {
        const line = lines.find((l) => l.lineInstance === message.lineNumber);
        const dn = line?.dns[0];
        const dnConfig = dn === undefined ? undefined : dnByNumber(this.config, dn);
        const label =
          dn === undefined ? '' : line && line.dns.length > 1 ? `${dn} (+${line.dns.length - 1})` : dn;
        const displayName = dnConfig?.name ?? dn ?? '';
        // reference §2 (chan-sccp): LineStatRes 0x0092 below v17, dynamic LineStatV2Res 0x0147 from v17.
        if (session.protocolVersion >= 17)
          session.send({
            type: 'LineStatV2Res',
            lineNumber: message.lineNumber,
            lineType: 0,
            lineDirNumber: dn ?? '',
            lineFullyQualifiedDisplayName: displayName,
            lineTextLabel: label,
          });
        else
          session.send({
            type: 'LineStatRes',
            lineNumber: message.lineNumber,
            lineDirNumber: dn ?? '',
            lineFullyQualifiedDisplayName: displayName,
            lineTextLabel: label,
            lineDisplayOptions: 15,
          });
        return true;
      }
      case 'TimeDateReq': {
        session.send(timeDate(this.now()));
        return true;
      }
      case 'ServerReq': {
        const s = this.config.settings;
        // reference §5 / skinny-messages.txt ServerResMessage: serverName, serverTcpListenPort,
        // serverIpAddr per slot. Typed without a cast: the old literal used other field names and
        // every ServerReq threw in the encoder (found by station-server.fuzz.test.ts).
        const servers: ServerEntry[] = [
          {
            serverName: s.hostname,
            serverTcpListenPort: session.local.port,
            serverIpAddr: session.local.host,
          },
        ];
        if (s.secondaryAddress)
          servers.push({
            serverName: `${s.hostname}-secondary`,
            serverTcpListenPort: s.sourcePort,
            serverIpAddr: s.secondaryAddress,
          });
        session.send({ type: 'ServerRes', servers });
        return true;
      }
      case 'CapabilitiesRes':
      case 'RegisterAvailableLines':
      case 'IpPort':
        return true;
      default:
        return false;
    }
  }
}

const capabilitiesReq = frozenMessage({ type: 'CapabilitiesReq' } as Msg<'CapabilitiesReq'>);

/**
 * SoftKeyTemplateRes: softkeys.ts's template, the same for every phone: frozen, so its frame is
 * encoded once per header version (sccp/encode-memo.ts).
 */
const softKeyTemplateRes = frozenMessage(
  (() => {
    const definitions = softKeyTemplate();
    return {
      type: 'SoftKeyTemplateRes',
      softKeyOffset: 0,
      totalSoftKeyCount: definitions.length,
      definitions,
    } as Msg<'SoftKeyTemplateRes'>;
  })(),
);

/** SoftKeySetRes: softkeys.ts's sets, the same for every phone (frozen, encoded once). */
const softKeySetRes = frozenMessage(
  (() => {
    const definitions = softKeySetDefinitions();
    return {
      type: 'SoftKeySetRes',
      softKeySetOffset: 0,
      totalSoftKeySetCount: definitions.length,
      definitions,
    } as Msg<'SoftKeySetRes'>;
  })(),
);

/** TimeDateRes from the clock, in UTC (reference §3: dayOfWeek 0 = Sunday). */
export function timeDate(now: number): Msg<'TimeDateRes'> {
  const d = new Date(now);
  return {
    type: 'TimeDateRes',
    wYear: d.getUTCFullYear(),
    wMonth: d.getUTCMonth() + 1,
    wDayOfWeek: d.getUTCDay(),
    wDay: d.getUTCDate(),
    wHour: d.getUTCHours(),
    wMinute: d.getUTCMinutes(),
    wSecond: d.getUTCSeconds(),
    wMilliseconds: d.getUTCMilliseconds(),
    systemTime: Math.floor(now / 1000) >>> 0,
  } as unknown as Msg<'TimeDateRes'>;
}
