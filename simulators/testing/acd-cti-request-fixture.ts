// A real ACD node without sockets, for the tests of the ACD's CTI Server requests half
// (simulators/acd-cti/*-requests.ts): a CallModel with the agents' and the customer's lines, an
// AcdSystem with the sales peripheral 5000 (acd-specs.ts) and the real AcdCtiPeripheral. `send`
// puts the request through the wire codec both ways (encode → decode → handle → encode → decode),
// so a test sees exactly what a client would read.
import type { AgentRulesSpec, PeripheralSpec } from '../acd/acd-spec.ts';
import { AcdSystem } from '../acd/acd-system.ts';
import { AcdCtiPeripheral } from '../acd-cti/acd-cti-peripheral.ts';
import { CallModel } from '../calls/call-model.ts';
import type { RequestContext } from '../cti-server/server/cti-peripheral.ts';
import {
  type CtiMessage,
  ctiMessage,
  decodeFrame,
  encodeMessage,
  type FloatingField,
  NULL_U32,
} from '../cti-server/wire.ts';
import { ManualClock } from '../lab/manual-clock.ts';
import { mustSucceed } from '../lab/result.ts';
import { salesPeripheral } from './acd-specs.ts';

export const VERSION = 20;

/** A CTI Bridge's request context (no agent). */
export const BRIDGE: RequestContext = { sessionId: 1, clientID: 'bridge', version: VERSION };

export function roundTrip(msg: CtiMessage): CtiMessage {
  const r = decodeFrame(encodeMessage(msg, VERSION), VERSION);
  if (!r.ok) throw new Error(`${msg.name} does not decode: ${r.error.message}`);
  return r.message;
}

export class AcdCtiRequestFixture {
  readonly clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
  readonly model = new CallModel({ clock: this.clock });
  readonly system: AcdSystem;
  readonly cti: AcdCtiPeripheral;
  private invoke = 100;

  constructor(
    spec: PeripheralSpec = salesPeripheral(),
    options: { readonly rules?: Partial<AgentRulesSpec> } = {},
  ) {
    for (const dn of ['3001', '3002', '3009', '3010'])
      mustSucceed(this.model.addDevice({ number: dn, maxCalls: 2 }), dn);
    const peripheral = options.rules
      ? { ...spec, agentRules: { ...spec.agentRules, ...options.rules } }
      : spec;
    this.system = new AcdSystem([{ peripheral, translationRoutes: [] }], {
      clock: this.clock,
      model: this.model,
    });
    this.cti = new AcdCtiPeripheral({
      system: this.system,
      peripheralId: spec.id,
      model: this.model,
      clock: this.clock,
    });
  }

  get acd() {
    return this.system.peripheral(this.cti.peripheralID);
  }

  /** A workstation's request context for `agentID` (as the session resolved it at OPEN). */
  workstation(agentID: string): RequestContext {
    const scope = this.cti.resolveAgent({ agentID });
    if (!scope.ok) throw new Error(scope.reason);
    return { sessionId: 2, clientID: `desk-${agentID}`, agent: scope.value, version: VERSION };
  }

  /** A request with a fresh InvokeID and the peripheral's PeripheralID (when it has one). */
  request(
    name: string,
    fixed: Record<string, number | boolean> = {},
    floating: FloatingField[] = [],
  ): CtiMessage {
    const base = ctiMessage(name);
    return ctiMessage(
      name,
      {
        InvokeID: ++this.invoke,
        ...('PeripheralID' in base.fixed ? { PeripheralID: this.cti.peripheralID } : {}),
        ...fixed,
      },
      floating,
    );
  }

  /** Sends a request through the codec to the peripheral; the answer as the client decodes it. */
  send(
    name: string,
    fixed: Record<string, number | boolean> = {},
    floating: FloatingField[] = [],
    context: RequestContext = BRIDGE,
  ): CtiMessage {
    const request = roundTrip(this.request(name, fixed, floating));
    const answer = this.cti.handleRequest(request, context);
    if (answer instanceof Promise) throw new Error('the ACD answers synchronously');
    const decoded = roundTrip(answer);
    if (decoded.fixed.InvokeID !== request.fixed.InvokeID) throw new Error('the answer lost the InvokeID');
    return decoded;
  }

  /** The ConnectionCallID clients see for the call at `device` (the n-th call there). */
  callAt(device: string, n = 0): number {
    const item = this.model.snapshotDevice(device)[n];
    if (item === undefined) throw new Error(`no call ${n} at ${device}`);
    return this.cti.context.callIds.wireId(item.callID);
  }

  stateAt(device: string): string[] {
    return this.model.snapshotDevice(device).map((i) => i.localConnectionState);
  }

  /** Logs agent `id` in (password `<id>-pw`) and makes it ready, straight on the ACD. */
  ready(id: string): void {
    mustSucceed(this.acd.login(id, `${id}-pw`), `login ${id}`);
    mustSucceed(this.acd.setAgentState(id, 'AVAILABLE'), `ready ${id}`);
  }

  /** 3009 calls 8000 (Sales); with agent 5001 ready the call rings 3001. */
  customerCalls(number = '8000'): void {
    mustSucceed(this.model.makeCall('3009', number), 'customer call');
  }

  /** Agent 5001 ready, the customer calls 8000 and 3001 answers on the phone. */
  talking(): number {
    this.ready('5001');
    this.customerCalls();
    const [ring] = this.model.snapshotDevice('3001');
    if (ring === undefined) throw new Error('3001 does not ring');
    mustSucceed(this.model.answer(ring.connection), 'answer');
    return this.callAt('3001');
  }

  close(): void {
    this.cti.close();
    this.system.close();
  }
}

export const CONN = (device: string): FloatingField => ({ name: 'ConnectionDeviceID', value: device });
export const INSTRUMENT = (device: string): FloatingField => ({ name: 'AgentInstrument', value: device });
export { NULL_U32 };
