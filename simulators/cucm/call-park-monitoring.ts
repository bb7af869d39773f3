// CUCM-ACG-009: who may reach a Call Park number over CTI. Cisco Unified CM System Configuration
// Guide, "Access Control Group Configuration Options": Standard CTI Allow Call Park Monitoring
// "allows an application to receive a notification when calls are parked/unparked to all Call
// Park directory numbers". A park number is no device of anyone's Controlled Devices, so the group
// alone decides; what a monitor on it receives (QueuedEvent, cause park; ConnectionClearedEvent
// of the park number) is the call model's (calls/call-park.ts).
import { CtiError } from '../cme/cti/cti-errors.ts';
import type { CSTAErrorCode } from '../csta/csta-error-code.ts';
import { ok, type Result, refused } from '../lab/result.ts';
import { type CtiUser, receivesParkNotifications } from './cti-permissions.ts';

/**
 * A request on Call Park number `dn`: MonitorStart by a user in Standard CTI Allow Call Park
 * Monitoring is served; anything else is operation privilegeViolationSpecifiedDevice (a park
 * number is watched, never controlled).
 */
export function parkNumberAccess(
  user: CtiUser,
  dn: string,
  monitorStart: boolean,
): Result<void, CSTAErrorCode> {
  if (!receivesParkNotifications(user))
    return refused(CtiError.notPermitted, `${user.id} is not in Standard CTI Allow Call Park Monitoring`);
  if (!monitorStart)
    return refused(CtiError.notPermitted, `${dn} is a Call Park number: it can be monitored, not controlled`);
  return ok(undefined);
}
