// Peripheral specs for ACD tests: the shipped lab's peripheral 5000 (labs/acd-duplex.yaml, issue 11
// item 7) and a second peripheral 6000 for translation routes.
import { type AgentRulesSpec, DEFAULT_AGENT_RULES, type PeripheralSpec } from '../acd/acd-spec.ts';

export function salesPeripheral(rules: Partial<AgentRulesSpec> = {}, extraAgents = 0): PeripheralSpec {
  const extra = Array.from({ length: extraAgents }, (_, i) => ({
    id: String(5003 + i),
    password: `${5003 + i}-pw`,
    extension: String(3003 + i),
  }));
  const agents = [
    { id: '5001', password: '5001-pw', extension: '3001' },
    { id: '5002', password: '5002-pw', extension: '3002' },
    ...extra,
  ];
  return {
    id: 5000,
    type: 'ENTERPRISE_AGENT',
    agents,
    skillGroups: [
      { number: 1, id: 101, name: 'Sales', members: agents.map((a) => a.id) },
      { number: 2, id: 102, name: 'Service', members: ['5002'] },
    ],
    callTypes: [{ id: 1, name: 'Sales-calls' }],
    dialedNumbers: [
      { number: '8000', skillGroup: 'Sales', callType: 'Sales-calls' },
      { number: '8001', skillGroup: 'Service' },
    ],
    agentRules: { ...DEFAULT_AGENT_RULES, ...rules },
  };
}

export function supportPeripheral(): PeripheralSpec {
  return {
    id: 6000,
    type: 'ENTERPRISE_AGENT',
    agents: [{ id: '6001', password: '6001-pw', extension: '4001' }],
    skillGroups: [{ number: 1, id: 201, name: 'Support', members: ['6001'] }],
    callTypes: [],
    dialedNumbers: [{ number: '9100', skillGroup: 'Support' }],
    agentRules: DEFAULT_AGENT_RULES,
  };
}
