/**
 * The checks of an OPEN_REQ (Cisco "CTI Server Message Reference Guide (Protocol Version 15)",
 * chapter 4 "Session Management", "Session Initialization", table 4-2 OPEN_REQ; Status values from
 * chapter 6 "Failure Indication Message Status Codes"). Pure: the session calls it and puts the
 * refusal's Status into a FAILURE_CONF. Version support and the required ClientID /
 * ClientPassword fields are checked by the decoder (E_CTI_INVALID_VERSION,
 * E_CTI_REQUIRED_DATA_MISSING) before this runs.
 */
import { ok, type Result, refused } from '../../lab/result.ts';
import { type CtiMessage, CtiStatus, floatingString, floatingValue, NULL_U32, ServiceMask } from '../wire.ts';
import type { AgentIdentity, AgentScope, CtiPeripheral } from './cti-peripheral.ts';

/** IdleTimeout meaning "the client sends no heartbeats" (guide table 4-2). */
export const NO_IDLE_TIMEOUT = 0xffff_ffff;

/**
 * ⚠ Lab choice: the smallest IdleTimeout accepted, 20 s. The guide gives no minimum; it says the
 * IdleTimeout is "typically 4 times the heartbeat interval" (table 4-2) and that "the minimum
 * heartbeat interval of 5 seconds" suits a CTI Bridge (chapter 2 "CTI Client Application
 * Guidelines", "Heartbeat Messages"): 4 x 5 s. Shorter → E_CTI_INVALID_TIMEOUT.
 */
export const MIN_IDLE_TIMEOUT_SECONDS = 20;

/** The services the lab's CTI Server grants (others asked for are left out of ServicesGranted). */
export const IMPLEMENTED_SERVICES =
  ServiceMask.CLIENT_EVENTS |
  ServiceMask.CALL_DATA_UPDATE |
  ServiceMask.CLIENT_CONTROL |
  ServiceMask.ALL_EVENTS;

const KNOWN_SERVICES = Object.values(ServiceMask).reduce((a, b) => (a | b) >>> 0, 0);

/** A configured client (a CTI Bridge): its ClientPassword must match. */
export interface ConfiguredClient {
  readonly password: string;
}

export interface OpenGrant {
  readonly version: number;
  /** Seconds, or undefined for none (0xFFFFFFFF). */
  readonly idleTimeoutSeconds: number | undefined;
  readonly servicesGranted: number;
  readonly callMsgMask: number;
  readonly agentStateMask: number;
  readonly clientID: string;
  /** Set for a Client Events (agent workstation) session. */
  readonly agent: AgentScope | undefined;
}

function identityOf(req: CtiMessage): AgentIdentity {
  const pick = (name: string) => {
    const v = floatingString(req, name);
    return v === undefined || v === '' ? undefined : v;
  };
  return {
    agentExtension: pick('AgentExtension'),
    agentID: pick('AgentID'),
    agentInstrument: pick('AgentInstrument'),
  };
}

function passwordOf(req: CtiMessage): string {
  const v = floatingValue(req, 'ClientPassword');
  if (v instanceof Uint8Array) return Buffer.from(v).toString('latin1');
  return typeof v === 'string' ? v : '';
}

/** Checks an OPEN_REQ; a refusal's error is the E_CTI_* Status of the FAILURE_CONF. */
export function checkOpenRequest(
  req: CtiMessage,
  peripheral: CtiPeripheral,
  clients: ReadonlyMap<string, ConfiguredClient>,
): Result<OpenGrant, number> {
  const f = req.fixed as Record<string, number>;
  const idle = f.IdleTimeout!;
  if (idle !== NO_IDLE_TIMEOUT && idle < MIN_IDLE_TIMEOUT_SECONDS) {
    return refused(
      CtiStatus.E_CTI_INVALID_TIMEOUT,
      `IdleTimeout ${idle} s is below ${MIN_IDLE_TIMEOUT_SECONDS} s`,
    );
  }
  const requested = f.ServicesRequested! >>> 0;
  const clientEvents = (requested & ServiceMask.CLIENT_EVENTS) !== 0;
  const allEvents = (requested & ServiceMask.ALL_EVENTS) !== 0;
  const granted = requested & IMPLEMENTED_SERVICES;
  // ⚠ Lab choice: the guide lists the two client models as alternatives (chapter 1 "CTI Client
  // Application Models"; table "ServicesMask Values"); a mask with both, with bits the guide does
  // not define, or granting nothing the lab serves is refused.
  if ((requested & ~KNOWN_SERVICES) !== 0 || (clientEvents && allEvents) || granted === 0) {
    return refused(
      CtiStatus.E_CTI_INVALID_SERVICE_MASK,
      `ServicesRequested 0x${requested.toString(16)} is invalid`,
    );
  }
  const clientID = floatingString(req, 'ClientID') ?? '';
  const configured = clients.get(clientID);
  if (configured !== undefined && configured.password !== passwordOf(req)) {
    return refused(CtiStatus.E_CTI_INVALID_PASSWORD, `wrong ClientPassword for ${clientID}`);
  }
  const pid = f.PeripheralID!;
  let agent: AgentScope | undefined;
  if (clientEvents) {
    // Guide table 4-2: PeripheralID "Required for Client Events service", and one of
    // AgentExtension / AgentID / AgentInstrument identifies the teleset.
    if (pid !== peripheral.peripheralID) {
      return refused(
        CtiStatus.E_CTI_INVALID_PERIPHERAL_ID,
        `PeripheralID ${pid} is not ${peripheral.peripheralID}`,
      );
    }
    const identity = identityOf(req);
    if (!identity.agentExtension && !identity.agentID && !identity.agentInstrument) {
      return refused(
        CtiStatus.E_CTI_REQUIRED_DATA_MISSING,
        'Client Events needs AgentExtension, AgentID or AgentInstrument',
      );
    }
    const resolved = peripheral.resolveAgent(identity);
    if (!resolved.ok) return resolved;
    agent = resolved.value;
  } else if (pid !== NULL_U32 && pid !== peripheral.peripheralID) {
    // ⚠ Lab choice: "otherwise, set this field to the special value NULL_PERIPHERAL_ID"; the
    // peripheral's own id is accepted too, any other id is refused.
    return refused(
      CtiStatus.E_CTI_INVALID_PERIPHERAL_ID,
      `PeripheralID ${pid} is not ${peripheral.peripheralID}`,
    );
  }
  return ok({
    version: f.VersionNumber!,
    idleTimeoutSeconds: idle === NO_IDLE_TIMEOUT ? undefined : idle,
    servicesGranted: granted,
    callMsgMask: f.CallMsgMask! >>> 0,
    agentStateMask: f.AgentStateMask! >>> 0,
    clientID,
    agent,
  });
}
