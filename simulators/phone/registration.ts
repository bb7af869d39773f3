import { ButtonType } from '../sccp/enums.ts';
import type { SccpMessage } from '../sccp/messages.ts';
import { bodiless, capabilitiesRes, lineStatReq, registerAvailableLines } from './phone-messages.ts';

export type RegistrationStep =
  | { kind: 'pending' }
  | {
      kind: 'acked';
      keepAliveInterval: number;
      secondaryKeepAliveInterval: number;
      maxProtocolVer: number;
      dateTemplate: string;
    }
  | { kind: 'registered' }
  | { kind: 'rejected'; text: string };

const PENDING: RegistrationStep = { kind: 'pending' };

/**
 * The phone's side of registration after RegisterReq (Wireshark packet-skinny and chan-sccp (registration)):
 * RegisterAck, then CapabilitiesReq -> CapabilitiesRes; then ButtonTemplateReq; once the whole
 * button template is in, SoftKeyTemplateReq, SoftKeySetReq, ConfigStatReq, LineStatReq for each
 * line button, RegisterAvailableLines and TimeDateReq. TimeDateRes completes registration
 * (pyskinny's client treats TimeDateRes as the end, §3). RegisterReject ends it (§3).
 */
export class RegistrationHandshake {
  private acked = false;
  private capabilitiesAnswered = false;
  private buttonsRequested = false;
  private restRequested = false;
  private readonly lineInstances = new Set<number>();
  private buttonsSeen = 0;

  constructor(private readonly send: (m: SccpMessage) => void) {}

  get done(): boolean {
    return this.restRequested;
  }

  handle(m: SccpMessage): RegistrationStep {
    switch (m.type) {
      case 'RegisterReject':
        return { kind: 'rejected', text: m.text };
      case 'RegisterAck': {
        if (this.acked) return PENDING;
        this.acked = true;
        // Servers that answer CapabilitiesReq first (order varies, §3) get the requests now.
        if (this.capabilitiesAnswered) this.requestButtons();
        return {
          kind: 'acked',
          keepAliveInterval: m.keepAliveInterval,
          secondaryKeepAliveInterval: m.secondaryKeepAliveInterval,
          maxProtocolVer: m.maxProtocolVer,
          dateTemplate: m.dateTemplate,
        };
      }
      case 'CapabilitiesReq':
        // §3: chan_skinny, chan-sccp, wazo-libsccp and pyskinny all send CapabilitiesReq right after RegisterAck.
        this.send(capabilitiesRes());
        this.capabilitiesAnswered = true;
        if (this.acked) this.requestButtons();
        return PENDING;
      case 'ButtonTemplateRes': {
        if (!this.buttonsRequested || this.restRequested) return PENDING;
        for (const d of m.definitions) {
          if (d.buttonDefinition === ButtonType.Line && d.instanceNumber > 0)
            this.lineInstances.add(d.instanceNumber);
        }
        this.buttonsSeen = Math.max(this.buttonsSeen, m.buttonOffset + m.definitions.length);
        if (this.buttonsSeen >= m.totalButtonCount) this.requestRest();
        return PENDING;
      }
      case 'TimeDateRes':
        return this.restRequested ? { kind: 'registered' } : PENDING;
      default:
        return PENDING;
    }
  }

  private requestButtons(): void {
    if (this.buttonsRequested) return;
    this.buttonsRequested = true;
    this.send(bodiless.ButtonTemplateReq);
  }

  private requestRest(): void {
    this.restRequested = true;
    this.send(bodiless.SoftKeyTemplateReq);
    this.send(bodiless.SoftKeySetReq);
    this.send(bodiless.ConfigStatReq);
    const lines = [...this.lineInstances].sort((a, b) => a - b);
    for (const lineNumber of lines) this.send(lineStatReq(lineNumber));
    this.send(registerAvailableLines(lines.length));
    this.send(bodiless.TimeDateReq);
  }
}

/**
 * Header version for the phone's own frames once the protocol version is agreed: the agreed
 * version when Wireshark accepts it as a header version (0x0A, 0x0B, 0x0F-0x16), the highest
 * accepted one below it otherwise, and 0 below 10 (Wireshark packet-skinny (framing): chan-sccp
 * sends the negotiated version when >= 10, else 0).
 */
export function phoneHeaderVersion(agreedVersion: number): number {
  const accepted = [22, 21, 20, 19, 18, 17, 16, 15, 11, 10];
  return accepted.find((v) => v <= agreedVersion) ?? 0;
}

/** min(ours, server's maxProtocolVer); a RegisterAck without a version (CM 3.x, 0) keeps header 0. */
export function agreedProtocolVersion(offered: number, maxProtocolVer: number): number {
  return maxProtocolVer > 0 ? Math.min(offered, maxProtocolVer) : 0;
}
