// The ACD node of the CTI Server event benchmark (bench/cti-server-events.ts): one Enterprise Agent
// peripheral (5000) like the shipped lab's (labs/acd-duplex.yaml) with `agents` agents 5001.. on
// extensions 3001.. (password `<id>-pw`), all in skill group Sales, dialed number 8000 queueing
// to Sales, no wrap-up (an agent is ready again when the call ends), and `customers` customer DNs
// 6000.. that call it. Every agent extension and customer is a line of the node's station
// configuration, so the call model has a device for each (no phone needs to register).
import { type AcdSpec, DEFAULT_AGENT_RULES } from '../simulators/acd/acd-spec.ts';
import { BenchOptionError } from './bench-option-error.ts';

export const DIALED_NUMBER = '8000';
const FIRST_AGENT = 5001;
const FIRST_EXTENSION = 3001;
const FIRST_CUSTOMER = 6000;
/** Extensions 3001..4999 and customers 6000..7999 stay 4-digit and clear of 8000. */
const MAX = 1999;

function phoneName(n: number): string {
  return `SEP${n.toString(16).toUpperCase().padStart(12, '0')}`;
}

export function benchAcdSpec(agents: number, customers: number): AcdSpec {
  if (!Number.isInteger(agents) || agents < 1 || agents > MAX)
    throw new BenchOptionError('agents', `${agents} is outside 1..${MAX}`);
  if (!Number.isInteger(customers) || customers < 1 || customers > MAX)
    throw new BenchOptionError('customers', `${customers} is outside 1..${MAX}`);
  const agentSpecs = Array.from({ length: agents }, (_, i) => ({
    id: String(FIRST_AGENT + i),
    password: `${FIRST_AGENT + i}-pw`,
    extension: String(FIRST_EXTENSION + i),
  }));
  const phones = [
    ...agentSpecs.map((a, i) => ({ name: phoneName(0xac0000 + i), model: '7961', dn: a.extension })),
    ...Array.from({ length: customers }, (_, i) => ({
      name: phoneName(0xcc0000 + i),
      model: '7961',
      dn: String(FIRST_CUSTOMER + i),
    })),
  ];
  return {
    name: 'acd',
    peripheral: {
      id: 5000,
      type: 'ENTERPRISE_AGENT',
      agents: agentSpecs,
      skillGroups: [{ number: 1, id: 101, name: 'Sales', members: agentSpecs.map((a) => a.id) }],
      callTypes: [],
      dialedNumbers: [{ number: DIALED_NUMBER, skillGroup: 'Sales' }],
      agentRules: { ...DEFAULT_AGENT_RULES, wrapUp: 'none' },
    },
    translationRoutes: [],
    sides: { a: { host: '127.0.0.1', port: 0 }, b: { host: '127.0.0.1', port: 0 } },
    clients: { bridges: [{ clientId: 'bridge', password: '' }], workstationsAnyId: true },
    phones,
  };
}
