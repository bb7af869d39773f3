import { CmeLab } from '../cme/cme.ts';
import { loadCmeConfig } from '../cme/config/load-cme-config.ts';
import type { CmeCti, OpenSessionRequest } from '../cme/cti/cti-service.ts';
import type { CtiSession } from '../cme/cti/cti-session.ts';
import type { CSTAErrorCode } from '../csta/csta-error-code.ts';
import { CSTA_NAMESPACES } from '../csta/csta-namespaces.ts';
import type { CstaEvent, CstaResponse } from '../csta/csta-types.ts';
import { ManualClock } from '../lab/manual-clock.ts';
import type { Result } from '../lab/result.ts';
import { SccpTestClient } from './sccp-test-client.ts';

/**
 * A CME with its CTI layer on real TCP (127.0.0.1, ephemeral port) for the cti-*.test.ts files:
 * built from IOS config text, SCCP phones registered with the bare SccpTestClient, every CSTA
 * event recorded with the session it went to.
 */
export class CtiTestLab {
  readonly clock = new ManualClock();
  readonly lab: CmeLab;
  readonly cti: CmeCti;
  readonly events: { session: number; event: CstaEvent }[] = [];
  readonly phones = new Map<string, SccpTestClient>();
  private port = 0;

  constructor(iosText: string) {
    const { config, ios } = loadCmeConfig(iosText);
    // No sipPort: the CME builds its CTI service (on its ports) but serves no TR/87.
    this.lab = new CmeLab({ config, ios, host: '127.0.0.1', sccpPort: 0, clock: this.clock, log: () => {} });
    if (!this.lab.cti) throw new Error('the CME built no CTI service');
    this.cti = this.lab.cti;
    this.cti.onEvent((session, event) => this.events.push({ session: session.id, event }));
  }

  async start(): Promise<this> {
    this.port = (await this.lab.start()).endpoints.sccp.port;
    return this;
  }

  /** Register a phone `SEP<mac>` (12 hex digits). */
  async phone(mac: string, deviceType = 30018): Promise<SccpTestClient> {
    const c = await SccpTestClient.connect(this.port);
    await c.register(mac, { deviceType });
    this.phones.set(mac, c);
    return c;
  }

  open(line: string, extra: Partial<OpenSessionRequest> = {}): CtiSession {
    const s = this.cti.openSession({
      user: 'user',
      line,
      client: 'generic',
      namespace: CSTA_NAMESPACES.ed3,
      ...extra,
    });
    if (!s.ok) throw new Error(`session refused: ${JSON.stringify(s.error)} (${s.reason})`);
    return s.value;
  }

  /** Event types delivered to one session so far, in order. */
  typesFor(session: CtiSession): string[] {
    return this.events.filter((e) => e.session === session.id).map((e) => e.event.type);
  }

  eventsFor(session: CtiSession): CstaEvent[] {
    return this.events.filter((e) => e.session === session.id).map((e) => e.event);
  }

  async stop(): Promise<void> {
    for (const p of this.phones.values()) p.close();
    this.cti.dispose();
    await this.lab.stop();
  }
}

/** The inline IOS config of the restriction tests (each DN shows one case). */
export const RESTRICTIONS_CFG = `
voice service voip
 no cti shutdown
telephony-service
 max-ephones 10
 max-dn 20
 ip source-address 10.0.0.1 port 2000
ephone-dn 1 dual-line
 number 201
 cti watch
ephone-dn 2 dual-line
 number 202
 cti watch
ephone-dn 3 dual-line
 number 203
 cti watch
ephone-dn 4
 number 204
ephone-dn 5
 number 205
 cti watch
ephone-dn 6
 number 206
 cti watch
ephone-dn 7
 number 207
 cti watch
ephone-dn 8
 number 208
 cti watch
ephone-dn 9
 number 209
 cti watch
 cti notify
ephone-dn 10
 number 210
 cti watch
ephone-dn 11
 number 211
 cti watch
ephone-dn 12
 number 212
 cti watch
ephone 1
 mac-address 0000.0000.0001
 type 7961
 button 1:1 2:8
ephone 2
 mac-address 0000.0000.0002
 type 7961
 button 1:2 2:8
ephone 3
 mac-address 0000.0000.0003
 type 7961
 button 1:3
ephone 4
 mac-address 0000.0000.0004
 type 7961
 button 1:4
ephone 5
 mac-address 0000.0000.0005
 type ATA
 button 1:5
ephone 6
 mac-address 0000.0000.0006
 type 7961
 button 1o6,7
ephone 7
 mac-address 0000.0000.0007
 type 7921
 button 1:11
ephone 8
 mac-address 0000.0000.0008
 type VG224
 button 1:12
`;

/** The response of type `type`, or a thrown test failure naming what came instead. */
export function response<T extends CstaResponse['type']>(
  result: Result<CstaResponse, CSTAErrorCode>,
  type: T,
): Extract<CstaResponse, { type: T }> {
  if (!result.ok)
    throw new Error(`expected ${type}, got error ${JSON.stringify(result.error)} (${result.reason})`);
  if (result.value.type !== type) throw new Error(`expected ${type}, got ${JSON.stringify(result.value)}`);
  return result.value as Extract<CstaResponse, { type: T }>;
}

/** The value of an accepted result, or a thrown test failure naming the refusal. */
export function accepted<T>(result: Result<T, CSTAErrorCode>): T {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.error)} (${result.reason})`);
  return result.value;
}

/**
 * The CSTAErrorCode of a refusal (for `assert.deepEqual(refusal(r), expected)`), or a thrown
 * test failure naming what was answered instead; a refusal must say why.
 */
export function refusal(result: Result<unknown, CSTAErrorCode>): CSTAErrorCode {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.value)}`);
  if (typeof result.reason !== 'string' || result.reason === '')
    throw new Error(`refusal ${JSON.stringify(result.error)} gives no reason`);
  return result.error;
}
