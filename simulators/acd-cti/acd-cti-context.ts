// What the event and request halves of the ACD's CTI Server port share: the ACD peripheral, its
// binding to the shared call model, the ICM router, the clock, the call-id table and the type's
// profile. Built once per peripheral by AcdCtiPeripheral.
import type { AcdCallBinding } from '../acd/acd-call-binding.ts';
import type { AcdPeripheral } from '../acd/acd-peripheral.ts';
import type { IcmRouter } from '../acd/icm-router.ts';
import type { CallModel } from '../calls/call-model.ts';
import type { Clock } from '../lab/clock.ts';
import type { ConnectionCallIds } from './connection-call-ids.ts';
import type { PeripheralProfile } from './peripheral-profiles.ts';

export interface AcdCtiContext {
  readonly peripheral: AcdPeripheral;
  readonly binding: AcdCallBinding;
  readonly router: IcmRouter;
  readonly model: CallModel;
  readonly clock: Clock;
  readonly callIds: ConnectionCallIds;
  readonly profile: PeripheralProfile;
  /** PeripheralType value on the wire (acd-codes.ts PERIPHERAL_TYPE). */
  readonly peripheralType: number;
}
