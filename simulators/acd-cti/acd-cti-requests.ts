// The requests half of the ACD's CTI Server port: client control and third-party call control
// requests on the ACD and the shared call model (Cisco "CTI Planning", "Third-Party Call
// Control"; "CTI Server Message Reference Guide", chapter 6 "Client Control"). SKELETON: filled
// in by the requests work of issue 11.
import type { RequestContext } from '../cti-server/server/cti-peripheral.ts';
import { type CtiMessage, CtiStatus, ctiMessage, floatingString } from '../cti-server/wire.ts';
import type { AcdCtiContext } from './acd-cti-context.ts';

export function acdRequestTargets(
  _ctx: AcdCtiContext,
  request: CtiMessage,
): { readonly agentIDs: readonly string[]; readonly devices: readonly string[] } {
  const devices = ['AgentInstrument', 'ConnectionDeviceID']
    .map((n) => floatingString(request, n))
    .filter((d): d is string => d !== undefined);
  const agentID = floatingString(request, 'AgentID');
  return { agentIDs: agentID === undefined ? [] : [agentID], devices };
}

export function handleAcdRequest(
  _ctx: AcdCtiContext,
  request: CtiMessage,
  _context: RequestContext,
): CtiMessage {
  return ctiMessage('FAILURE_CONF', {
    InvokeID: request.fixed.InvokeID as number,
    Status: CtiStatus.E_CTI_FUNCTION_NOT_AVAILABLE,
  });
}
