// The agent state machine of the simulated ACD, as pure functions: a status and a request in, the
// states entered (in order) and the new status out, or the ControlFailureCode the CTI Server
// answers with. Source: Cisco "CTI Server Message Reference Guide", SET_AGENT_STATE_REQ (the
// states a client may request, EventReasonCode, the agent's NextAgentState while on a call),
// AGENT_STATE_EVENT and the "AgentState Values" table; Cisco "CTI Planning" (UCCE CTI planning guide): an agent
// state may change during a call "(for example, from ready to work ready)", and wrap-up data is
// added "upon completion of the call". The lab's choices where the guide is silent are marked.
import { ok, type Result, refused } from '../lab/result.ts';
import { type AgentStateName, CONTROL_FAILURE, type ControlFailureCode } from './acd-codes.ts';
import type { AgentRulesSpec } from './acd-spec.ts';

/** States a client may ask for with SET_AGENT_STATE_REQ besides LOGIN. */
export type RequestableState = 'LOGOUT' | 'NOT_READY' | 'AVAILABLE' | 'WORK_NOT_READY' | 'WORK_READY';

/** Where the agent goes once the current call ends (the guide's NextAgentState). */
export interface NextState {
  readonly state: 'NOT_READY' | 'AVAILABLE' | 'WORK_NOT_READY' | 'WORK_READY';
  readonly reasonCode: number;
}

export interface AgentStatus {
  readonly state: AgentStateName;
  /** EventReasonCode of the current state (0 = none). */
  readonly reasonCode: number;
  /** Requested while on a call; applied when the call ends. */
  readonly next: NextState | undefined;
  /** The call the agent is on (or wrapping up) came through the ACD (wrap-up follows it). */
  readonly acdCall: boolean;
  /** Wrap-up data has been written for the call in wrap-up. */
  readonly wrapUpData: boolean;
}

/** Unified CCE system Not Ready reason code for Redirection on No Answer. */
export const RONA_REASON_CODE = 32767;

export const LOGGED_OUT: AgentStatus = {
  state: 'LOGOUT',
  reasonCode: 0,
  next: undefined,
  acdCall: false,
  wrapUpData: false,
};

export type AgentRequest =
  /** SET_AGENT_STATE_REQ with AgentState LOGIN (password already checked by the peripheral). */
  | { readonly kind: 'login' }
  /** SET_AGENT_STATE_REQ with any other AgentState. */
  | { readonly kind: 'set'; readonly state: AgentStateName; readonly reasonCode?: number }
  /** The router reserved the agent for a call. */
  | { readonly kind: 'reserve' }
  /** The reserved agent did not answer in time (Redirection on No Answer). */
  | { readonly kind: 'noAnswer' }
  /** The agent's phone connected a call: an ACD call the agent was reserved for, or another. */
  | { readonly kind: 'answer'; readonly acd: boolean }
  /** Every call of the agent's phone is on hold. */
  | { readonly kind: 'hold' }
  /** A held call is talking again. */
  | { readonly kind: 'retrieve' }
  /** The agent's last call ended (or the call the agent was reserved for went away). */
  | { readonly kind: 'callEnded' }
  /** Wrap-up data was written for the call in wrap-up. */
  | { readonly kind: 'wrapUpData' }
  /** The wrap-up time ran out. */
  | { readonly kind: 'wrapUpTimeout' };

export interface Transition {
  readonly status: AgentStatus;
  /** The states entered, in order (one AGENT_STATE_EVENT each); empty when nothing changed. */
  readonly entered: readonly AgentStateName[];
}

type Outcome = Result<Transition, ControlFailureCode>;

const ON_CALL: ReadonlySet<AgentStateName> = new Set(['TALKING', 'HOLD', 'RESERVED']);
const WORK: ReadonlySet<AgentStateName> = new Set(['WORK_READY', 'WORK_NOT_READY']);
const REQUESTABLE: ReadonlySet<string> = new Set([
  'LOGOUT',
  'NOT_READY',
  'AVAILABLE',
  'WORK_NOT_READY',
  'WORK_READY',
]);

export function isOnCall(state: AgentStateName): boolean {
  return ON_CALL.has(state);
}

export function isLoggedIn(state: AgentStateName): boolean {
  return state !== 'LOGOUT';
}

/** Applies one request to an agent's status under the peripheral's rules. */
export function agentTransition(status: AgentStatus, request: AgentRequest, rules: AgentRulesSpec): Outcome {
  switch (request.kind) {
    case 'login':
      if (status.state !== 'LOGOUT')
        return refused(CONTROL_FAILURE.AGENT_ALREADY_SIGNED_ON, 'the agent is already logged in');
      // The lab reports LOGIN, then NOT_READY: a logged-in agent starts not ready (UCCE agents log
      // in not ready unless the desktop asks for ready next).
      return moved(status, ['LOGIN', 'NOT_READY'], { ...LOGGED_OUT, state: 'NOT_READY' });
    case 'set':
      return setState(status, request.state, request.reasonCode ?? 0, rules);
    case 'reserve':
      if (status.state !== 'AVAILABLE')
        return refused(
          CONTROL_FAILURE.INVALID_OBJECT_STATE,
          `only an available agent is reserved, not ${status.state}`,
        );
      return moved(status, ['RESERVED'], { ...status, state: 'RESERVED', reasonCode: 0 });
    case 'noAnswer':
      // Unified CCE "Redirection on No Answer": the agent is made Not Ready (system reason code
      // 32767, "the agent did not answer a call") and the call goes to another agent.
      if (status.state !== 'RESERVED')
        return refused(
          CONTROL_FAILURE.INVALID_OBJECT_STATE,
          `no answer applies to a reserved agent, not ${status.state}`,
        );
      return moved(status, ['NOT_READY'], idle('NOT_READY', RONA_REASON_CODE));
    case 'answer':
      return answer(status, request.acd);
    case 'hold':
      if (status.state !== 'TALKING')
        return refused(
          CONTROL_FAILURE.INVALID_OBJECT_STATE,
          `hold needs a talking agent, not ${status.state}`,
        );
      return moved(status, ['HOLD'], { ...status, state: 'HOLD' });
    case 'retrieve':
      if (status.state !== 'HOLD')
        return refused(
          CONTROL_FAILURE.INVALID_OBJECT_STATE,
          `retrieve needs an agent on hold, not ${status.state}`,
        );
      return moved(status, ['TALKING'], { ...status, state: 'TALKING' });
    case 'callEnded':
      return callEnded(status, rules);
    case 'wrapUpData':
      if (!WORK.has(status.state) && !isOnCall(status.state))
        return refused(
          CONTROL_FAILURE.INVALID_OBJECT_STATE,
          `wrap-up data needs a call, the agent is ${status.state}`,
        );
      return ok({ status: { ...status, wrapUpData: true }, entered: [] });
    case 'wrapUpTimeout':
      if (!WORK.has(status.state)) return ok({ status, entered: [] });
      return status.state === 'WORK_READY'
        ? moved(status, ['AVAILABLE'], idle('AVAILABLE', 0))
        : moved(status, ['NOT_READY'], idle('NOT_READY', status.reasonCode));
  }
}

function setState(
  status: AgentStatus,
  target: AgentStateName,
  reasonCode: number,
  rules: AgentRulesSpec,
): Outcome {
  if (target === 'LOGIN') return agentTransition(status, { kind: 'login' }, rules);
  if (!REQUESTABLE.has(target))
    return refused(CONTROL_FAILURE.VALUE_OUT_OF_RANGE, `a client cannot set the agent ${target}`);
  if (status.state === 'LOGOUT')
    return refused(CONTROL_FAILURE.INVALID_OBJECT_STATE, `the agent is not logged in (asked for ${target})`);
  const reason = checkReason(target as RequestableState, reasonCode, rules);
  if (reason !== undefined) return reason;
  if (target === 'LOGOUT') {
    if (isOnCall(status.state))
      return refused(CONTROL_FAILURE.INVALID_OBJECT_STATE, `an agent ${status.state} cannot log out`);
    return moved(status, ['LOGOUT'], { ...LOGGED_OUT, reasonCode });
  }
  const wanted = target as NextState['state'];
  if (isOnCall(status.state)) {
    if (status.state === 'RESERVED' && WORK.has(wanted))
      return refused(CONTROL_FAILURE.INVALID_OBJECT_STATE, 'work states follow a call the agent answered');
    // On a call the request becomes the agent's next state, applied when the call ends.
    const nextCode = wanted === 'NOT_READY' || wanted === 'WORK_NOT_READY' ? reasonCode : 0;
    return ok({ status: { ...status, next: { state: wanted, reasonCode: nextCode } }, entered: [] });
  }
  if (WORK.has(wanted) && !WORK.has(status.state))
    return refused(
      CONTROL_FAILURE.INVALID_OBJECT_STATE,
      `work states follow a call, the agent is ${status.state}`,
    );
  if (WORK.has(status.state) && !WORK.has(wanted) && rules.wrapUpDataRequired && !status.wrapUpData)
    return refused(
      CONTROL_FAILURE.WRAPUP_DATA_REQUIRED,
      'the peripheral requires wrap-up data before leaving wrap-up',
    );
  const code = wanted === 'NOT_READY' || wanted === 'WORK_NOT_READY' ? reasonCode : 0;
  if (status.state === wanted && status.reasonCode === code) return ok({ status, entered: [] });
  const keep = WORK.has(wanted) ? { acdCall: status.acdCall, wrapUpData: status.wrapUpData } : {};
  return moved(status, [wanted], { ...idle(wanted, code), ...keep });
}

function checkReason(
  target: RequestableState,
  reasonCode: number,
  rules: AgentRulesSpec,
): Outcome | undefined {
  const needs = target === 'NOT_READY' || target === 'LOGOUT';
  if (!needs) return undefined;
  if (reasonCode === 0)
    return rules.reasonCodeRequired
      ? refused(CONTROL_FAILURE.REASON_CODE_REQUIRED, `${target} needs a reason code on this peripheral`)
      : undefined;
  const known = target === 'LOGOUT' ? rules.logoutReasonCodes : rules.notReadyReasonCodes;
  if (
    !Number.isInteger(reasonCode) ||
    reasonCode < 0 ||
    reasonCode > 0xffff ||
    (known.length > 0 && !known.includes(reasonCode))
  )
    return refused(
      CONTROL_FAILURE.INVALID_AGENT_REASON_CODE,
      `reason code ${reasonCode} is not configured for ${target}`,
    );
  return undefined;
}

function answer(status: AgentStatus, acd: boolean): Outcome {
  switch (status.state) {
    case 'LOGOUT':
      return ok({ status, entered: [] });
    case 'RESERVED':
      return moved(status, ['TALKING'], { ...status, state: 'TALKING', acdCall: true, wrapUpData: false });
    case 'TALKING':
      return ok({ status: acd ? { ...status, acdCall: true } : status, entered: [] });
    case 'HOLD':
      return moved(status, ['TALKING'], { ...status, state: 'TALKING', acdCall: status.acdCall || acd });
    default: {
      // A call the router did not give (an internal or outbound call): the agent talks, then
      // returns to where it was (lab choice: the guide leaves the non-ACD call's state to the
      // peripheral type).
      const back = status.state as NextState['state'];
      return moved(status, ['TALKING'], {
        state: 'TALKING',
        reasonCode: 0,
        next: status.next ?? { state: back, reasonCode: status.reasonCode },
        acdCall: acd,
        wrapUpData: false,
      });
    }
  }
}

function callEnded(status: AgentStatus, rules: AgentRulesSpec): Outcome {
  if (!isOnCall(status.state)) return ok({ status, entered: [] });
  const next = status.next;
  if (status.state === 'RESERVED') {
    // The offered call went away before the agent answered.
    const to = next?.state === 'NOT_READY' ? idle('NOT_READY', next.reasonCode) : idle('AVAILABLE', 0);
    return moved(status, [to.state], to);
  }
  if (status.acdCall && rules.wrapUp !== 'none') {
    const notReady = next?.state === 'NOT_READY' || next?.state === 'WORK_NOT_READY';
    const state = notReady ? 'WORK_NOT_READY' : 'WORK_READY';
    return moved(status, [state], {
      state,
      reasonCode: notReady ? (next?.reasonCode ?? 0) : 0,
      next: undefined,
      acdCall: true,
      wrapUpData: status.wrapUpData,
    });
  }
  if (
    next !== undefined &&
    (next.state === 'WORK_READY' || next.state === 'WORK_NOT_READY') &&
    !status.acdCall
  ) {
    return moved(status, [next.state], { ...idle(next.state, next.reasonCode) });
  }
  const to =
    next?.state === 'NOT_READY' || next?.state === 'WORK_NOT_READY'
      ? idle('NOT_READY', next.reasonCode)
      : idle('AVAILABLE', 0);
  return moved(status, [to.state], to);
}

function idle(state: AgentStateName, reasonCode: number): AgentStatus {
  return { state, reasonCode, next: undefined, acdCall: false, wrapUpData: false };
}

function moved(_from: AgentStatus, entered: AgentStateName[], status: AgentStatus): Outcome {
  return ok({ status, entered });
}
