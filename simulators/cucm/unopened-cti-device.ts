// CUCM CTI guide "CTI Redundancy for Application Failure": a CTI port or route point that no
// application has registered sends its calls to its Call Forward No Answer destination at once,
// until an application registers it again (CUCM-RED-014). The call model holds this as an
// immediate forward of each of the device's DNs to the CFNA destination (none without CFNA). The
// one place that says so: the cluster at start and on Apply Config, the gateway when an
// application fails (set) and when one registers the device (cleared).
import type { CallModel } from '../calls/call-model.ts';

type Forwarding = Pick<CallModel, 'setForwarding'>;

/** The DNs of an unopened CTI device forward at once to `noAnswer`; without one, nothing changes. */
export function forwardUnopenedToCfna(
  model: Forwarding,
  dns: readonly string[],
  noAnswer: string | undefined,
): void {
  if (noAnswer === undefined) return;
  for (const dn of dns)
    model.setForwarding(dn, { type: 'forwardImmediate', activate: true, destination: noAnswer });
}

/** An application registered the device (or its CFNA was removed): its DNs take calls again. */
export function stopForwardingUnopened(model: Forwarding, dns: readonly string[]): void {
  for (const dn of dns) model.setForwarding(dn, { type: 'forwardImmediate', activate: false });
}
