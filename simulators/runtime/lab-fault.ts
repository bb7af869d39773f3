// The faults a lab can be given (DESIGN.md section 5: `ctilab lab fault <node> kill|stop|pause|
// unpause|restart|disconnect|reconnect|delay <ms>|loss <pct>`, plus `restore`: bring a killed or
// stopped node back without stopping it first, nothing to do when it runs). A runtime that cannot
// apply one says so (FaultOutcome 'unsupported' with the reason); it is never silently skipped.

export type LabFault =
  | { readonly kind: 'kill' }
  | { readonly kind: 'stop' }
  | { readonly kind: 'pause' }
  | { readonly kind: 'unpause' }
  | { readonly kind: 'restart' }
  | { readonly kind: 'restore' }
  | { readonly kind: 'disconnect' }
  | { readonly kind: 'reconnect' }
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'loss'; readonly percent: number };

export type FaultOutcome =
  | { readonly applied: true; readonly node: string; readonly fault: LabFault; readonly detail: string }
  | { readonly applied: false; readonly node: string; readonly fault: LabFault; readonly reason: string };

export const FAULT_KINDS = [
  'kill',
  'stop',
  'pause',
  'unpause',
  'restart',
  'restore',
  'disconnect',
  'reconnect',
  'delay',
  'loss',
] as const;

/** `kill`, `delay 200`, `loss 5`: the words after `ctilab lab fault <node>`. */
export function parseFault(words: readonly string[]): LabFault {
  const [kind, value, extra] = words;
  if (extra !== undefined) throw new Error(`unexpected '${extra}' after the fault`);
  switch (kind) {
    case 'delay': {
      if (value === undefined || !/^\d{1,6}$/.test(value))
        throw new Error('delay takes milliseconds: delay <ms>');
      return { kind, ms: Number(value) };
    }
    case 'loss': {
      if (value === undefined || !/^\d{1,3}(\.\d+)?$/.test(value) || Number(value) > 100)
        throw new Error('loss takes a percentage 0..100: loss <pct>');
      return { kind, percent: Number(value) };
    }
    case 'kill':
    case 'stop':
    case 'pause':
    case 'unpause':
    case 'restart':
    case 'restore':
    case 'disconnect':
    case 'reconnect':
      if (value !== undefined) throw new Error(`${kind} takes no value`);
      return { kind };
    default:
      throw new Error(`unknown fault '${kind ?? ''}' (one of: ${FAULT_KINDS.join(', ')})`);
  }
}

export function describeFault(fault: LabFault): string {
  if (fault.kind === 'delay') return `delay ${fault.ms}`;
  if (fault.kind === 'loss') return `loss ${fault.percent}`;
  return fault.kind;
}
