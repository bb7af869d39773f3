// Agent requests of the ACD's CTI Server port: QUERY_AGENT_STATE_REQ and SET_AGENT_STATE_REQ
// (Cisco "CTI Planning", "Third-Party Call Control": "Agent Login", "Get/Set Agent states"; "CTI
// Server Message Reference Guide (Protocol Version 15)", chapter 5 "Client Control Service",
// QUERY_AGENT_STATE_REQ / CONF, SET_AGENT_STATE_REQ / CONF). The ACD (acd-peripheral.ts and its
// agent state machine) decides every change; its refusal's ControlFailureCode goes out unchanged in
// a CONTROL_FAILURE_CONF (Unified CCX copy of the guide: "If [the server] fails to process the
// SET_AGENT_STATE_REQ message, it responds with a CONTROL_FAILURE_CONF message").
import { AGENT_STATE, agentStateName, CONTROL_FAILURE } from '../acd/acd-codes.ts';
import type { RequestContext } from '../cti-server/server/cti-peripheral.ts';
import {
  type CtiMessage,
  CtiStatus,
  type FloatingField,
  ForcedFlag,
  floatingString,
  floatingValues,
  NULL_U32,
} from '../cti-server/wire.ts';
import { ok } from '../lab/result.ts';
import type { AcdCtiContext } from './acd-cti-context.ts';
import {
  confirm,
  controlFailure,
  failureConf,
  refuseControl,
  refuseStatus,
  type Step,
} from './request-support.ts';

const given = (request: CtiMessage, name: string) => {
  const v = floatingString(request, name);
  return v === undefined || v === '' ? undefined : v;
};

/**
 * The agent a request names: AgentID, else the agent of AgentInstrument / AgentExtension, else the
 * workstation's own agent. `missing` answers a request that names none.
 */
function agentOf(
  ctx: AcdCtiContext,
  request: CtiMessage,
  context: RequestContext,
  unknown: (reason: string) => Step<never>,
): Step<{ readonly agentID: string; readonly instrument: string | undefined }> {
  const instrument = given(request, 'AgentInstrument') ?? given(request, 'AgentExtension');
  const id = given(request, 'AgentID');
  if (id !== undefined) return ok({ agentID: id, instrument });
  if (instrument !== undefined) {
    const on = ctx.peripheral.agentOnExtension(instrument);
    return on === undefined
      ? unknown(`no agent has instrument ${instrument}`)
      : ok({ agentID: on, instrument });
  }
  if (context.agent !== undefined) return ok({ agentID: context.agent.agentID, instrument: undefined });
  return refuseStatus(request, CtiStatus.E_CTI_REQUIRED_DATA_MISSING, 'no AgentID or AgentInstrument');
}

/**
 * QUERY_AGENT_STATE_REQ → QUERY_AGENT_STATE_CONF: the agent's AgentState and, per skill group it
 * is in (logged in: the groups it logged in to), SkillGroupNumber / ID / Priority / State. An
 * agent the peripheral does not know → FAILURE_CONF E_CTI_INVALID_AGENT_DATA ("the provided agent
 * data item(s) are invalid", guide chapter 6).
 */
export function queryAgentState(
  ctx: AcdCtiContext,
  request: CtiMessage,
  context: RequestContext,
): CtiMessage {
  const who = agentOf(ctx, request, context, (reason) =>
    refuseStatus(request, CtiStatus.E_CTI_INVALID_AGENT_DATA, reason),
  );
  if (!who.ok) return who.error;
  if (!ctx.peripheral.hasAgent(who.value.agentID))
    return failureConf(request, CtiStatus.E_CTI_INVALID_AGENT_DATA);
  const agent = ctx.peripheral.agent(who.value.agentID);
  const groups: FloatingField[] = agent.skillGroups.flatMap((g) => [
    { name: 'SkillGroupNumber', value: g.number },
    { name: 'SkillGroupID', value: g.id },
    { name: 'SkillGroupPriority', value: 0 },
    { name: 'SkillGroupState', value: AGENT_STATE[g.state] },
  ]);
  return confirm(
    'QUERY_AGENT_STATE_CONF',
    request,
    {
      AgentState: AGENT_STATE[agent.state],
      NumSkillGroups: agent.skillGroups.length,
      MRDID: request.fixed.MRDID as number,
      NumTasks: 0,
      AgentMode: 0,
      MaxTaskLimit: 1,
      // ⚠ The lab has no ICM Skill Target IDs: ICMAgentID is the request's, or NULL.
      ICMAgentID: (request.fixed.ICMAgentID as number) || NULL_U32,
      AgentAvailabilityStatus: 0,
      DepartmentID: NULL_U32,
    },
    [
      { name: 'AgentID', value: agent.id },
      { name: 'AgentExtension', value: agent.extension },
      { name: 'AgentInstrument', value: agent.extension },
      ...groups,
    ],
  );
}

/**
 * SET_AGENT_STATE_REQ → SET_AGENT_STATE_CONF or CONTROL_FAILURE_CONF:
 * - AgentState LOGIN: AgentID + AgentPassword (+ the AgentInstrument, + SkillGroupNumber fields)
 *   log the agent in (wrong password: CF_INVALID_PASSWORD_SPECIFIED 257; another agent's
 *   instrument: CF_INVALID_LOGON_DEVICE_SPECIFIED 260; already in: 259); ForcedFlag
 *   AGENT_AUTHENTICATION_ONLY checks the ID and password and changes nothing;
 * - LOGOUT, NOT_READY (EventReasonCode), AVAILABLE, WORK_READY, WORK_NOT_READY: the agent state
 *   machine's move, or its precise ControlFailureCode (e.g. CF_INVALID_OBJECT_STATE 22 for a work
 *   state outside a call or a logout while talking, CF_REASON_CODE_REQUIRED 281);
 * - any other AgentState (TALKING, HOLD, RESERVED, ...): CF_VALUE_OUT_OF_RANGE 3.
 * An AgentID and AgentInstrument of different agents → CF_INVALID_LOGON_DEVICE_SPECIFIED.
 */
export function setAgentState(ctx: AcdCtiContext, request: CtiMessage, context: RequestContext): CtiMessage {
  const who = agentOf(ctx, request, context, (reason) =>
    refuseControl(request, CONTROL_FAILURE.INVALID_LOGON_DEVICE, reason),
  );
  if (!who.ok) return who.error;
  const { agentID, instrument } = who.value;
  const acd = ctx.peripheral;
  if (!acd.hasAgent(agentID))
    return controlFailure(
      request,
      CONTROL_FAILURE.INVALID_AGENT_ID,
      `no agent ${agentID} on peripheral ${acd.id}`,
    );
  const value = request.fixed.AgentState as number;
  const state = agentStateName(value);
  if (state === 'LOGIN') {
    const password = floatingString(request, 'AgentPassword') ?? '';
    if (request.fixed.ForcedFlag === ForcedFlag.AGENT_AUTHENTICATION_ONLY) {
      const spec = acd.spec.agents.find((a) => a.id === agentID);
      return spec?.password === password
        ? confirm('SET_AGENT_STATE_CONF', request)
        : controlFailure(request, CONTROL_FAILURE.INVALID_PASSWORD, `wrong password for agent ${agentID}`);
    }
    const groups = floatingValues(request, 'SkillGroupNumber').filter(
      (n): n is number => typeof n === 'number',
    );
    const done = acd.login(agentID, password, instrument, groups);
    return done.ok
      ? confirm('SET_AGENT_STATE_CONF', request)
      : controlFailure(request, done.error, done.reason);
  }
  if (instrument !== undefined && acd.agent(agentID).extension !== instrument)
    return controlFailure(
      request,
      CONTROL_FAILURE.INVALID_LOGON_DEVICE,
      `agent ${agentID} is on ${acd.agent(agentID).extension}, not ${instrument}`,
    );
  if (state === undefined)
    return controlFailure(request, CONTROL_FAILURE.VALUE_OUT_OF_RANGE, `AgentState ${value} is not defined`);
  const done = acd.setAgentState(agentID, state, request.fixed.EventReasonCode as number);
  return done.ok
    ? confirm('SET_AGENT_STATE_CONF', request)
    : controlFailure(request, done.error, done.reason);
}
