import type { CallEvent } from '../../calls/call-events.ts';
import type { ClearCause } from '../../calls/call-model.ts';
import type { ConnectionID } from '../../calls/connection-state.ts';
import type { CSTAErrorCode } from '../../csta/csta-error-code.ts';
import { dialableNumber } from '../../csta/device-id.ts';
import type { TimerHandle } from '../../lab/clock.ts';
import { ok, type Result, refused } from '../../lab/result.ts';
import { CtiError, cstaErrorOf } from './cti-errors.ts';
import type { CtiHost } from './cti-ports.ts';

/**
 * Dial-via-office (Cisco Unified CME System Administrator Guide, "CTI CSTA Protocol Suite" >
 * "CTI CSTA in Cisco Unified CME": "The CTI CSTA Protocol Suite in Cisco Unified CME 8.8 and later
 * versions enables the dial-via-office functionality from the application"; its feature table, row
 * "CTI CSTA Protocol Suite Enhancement 8.8": "Enables the dial-via-office functionality from
 * computer-based CSTA client applications").
 *
 * The guide gives no call flow and no encoding. The lab follows the common model of Cisco's
 * dial-via-office reverse ("DVO-R", Cisco Unified CM Features and Services Guide, "Cisco Unified
 * Mobility Advantage and Cisco Unified Mobile Communicator integration": "Dial-via-Office Reverse
 * Callback"; the calls "show corporate caller ID"): the user is away from the desk phone; the
 * CME first calls the user's remote (mobile) number, the callback leg; when the user answers
 * there, the CME places the call to the called number from the office line, whose identity the
 * called party sees and whose CSTA monitor sees the events.
 *
 * The request (ECMA-269 Make Call, ECMA-323 `MakeCall`, no private data):
 * - `callingDevice` = the user's remote number, as configured on the office ephone-dn by `snr
 *   <number> ...` (Cisco Unified CME "Single Number Reach"), in any device-id form (`tel:`,
 *   `sip:`, bare). ECMA-269's calling device is the device the call is originated from; in
 *   dial-via-office that is where the user talks, the remote phone. A number that is a CME
 *   directory number keeps its ordinary MakeCall meaning; one that is neither a DN nor any DN's
 *   `snr` number is refused as before (operation/invalidDeviceID).
 * - `calledDirectoryNumber` = the number to call, as in any MakeCall.
 * - `autoOriginate` absent or `prompt`: ECMA-269's prompted Make Call alerts the calling device
 *   first and places the call when it answers, which is what the callback leg is. `doNotPrompt`
 *   (take the calling device off-hook at once) cannot be done to a phone outside the CME:
 *   refused with operation/requestIncompatibleWithCallingDevice.
 * The answer is a MakeCallResponse whose `callingDevice` is the office line's connection (the CME
 * has no connection of the remote phone: it is outside its switching domain), so the client can
 * name the call at once (ClearConnection during the callback cancels it).
 *
 * What the office line's monitor sees: ServiceInitiated (cause makeCall; the connection
 * `initiated` while the remote number rings), then, once the user answers there, Originated,
 * Delivered, Established... exactly as a click-to-dial from the line. A callback that fails ends
 * the office connection with ConnectionCleared: cause callNotAnswered (nobody answered within the
 * `snr ... timeout`), busy, or destNotObtainable (the remote number cannot be reached). The desk
 * phones of the line show the call as remote in use (as for a shared line's other phone) and
 * none goes off-hook.
 *
 * The office line must be dial-via-office capable: `mobility` and `snr` on its ephone-dn (a DN
 * with `snr` but no `mobility`: operation/requestIncompatibleWithCallingDevice; a remote number
 * that is the `snr` of two DNs: operation/invalidCallingDeviceID), and pass the session's
 * restrictions (cti-restrictions.ts: `cti watch`, own line for MOC and generic clients).
 *
 * The lab has no trunks: the callback leg runs here, and the remote party's answer is lab control
 * (`answer`, `busy`, `unreachable`: the `remote ...` router console command, the steps), the
 * lab's stand-in for the PSTN.
 */
export class CtiDialViaOffice {
  private readonly host: CtiHost;
  /** Callbacks ringing, by remote number. */
  private readonly pending = new Map<string, PendingCallback>();
  private readonly unsubscribe: () => void;

  constructor(host: CtiHost) {
    this.host = host;
    this.unsubscribe = host.calls.model.on((e) => this.onModelEvent(e));
  }

  /**
   * The office line a MakeCall's `callingDevice` reaches by dial-via-office, or the refusal;
   * undefined when the device id is no ephone-dn's `snr` number (an ordinary MakeCall).
   */
  officeLineOf(callingDevice: string): Result<OfficeLine, CSTAErrorCode> | undefined {
    if (typeof callingDevice !== 'string') return undefined;
    const remote = dialableNumber(callingDevice);
    if (remote === undefined) return undefined;
    const found = this.host.settings.remoteDestinationsOf(remote);
    if (found.length === 0) return undefined;
    if (found.length > 1)
      return refused(
        CtiError.ambiguousRemoteNumber,
        `${remote} is the snr number of ${found.map((f) => f.dn).join(' and ')}`,
      );
    const d = found[0]!;
    if (!d.mobility) return refused(CtiError.notDialViaOffice, `${d.dn} has snr ${remote} but no mobility`);
    return ok({ remote, dn: d.dn, timeoutMs: d.timeoutSeconds * 1000 });
  }

  /**
   * Start the callback: the office line's connection is initiated (ServiceInitiated) while the
   * remote number rings; after `snr ... timeout` seconds unanswered it is cleared (callNotAnswered).
   */
  start(line: OfficeLine, digits: string): Result<ConnectionID, CSTAErrorCode> {
    if (this.pending.has(line.remote))
      return refused(CtiError.remoteBusy, `a callback to ${line.remote} is already ringing`);
    const model = this.host.calls.model;
    const started = this.host.calls.asRemoteParty(line.dn, `remote:${line.remote}`, () =>
      model.originateMakeCall(line.dn),
    );
    if (!started.ok) return refused(cstaErrorOf(started.error), started.reason);
    const connection = started.value;
    const timer = this.host.clock.setTimeout(() => {
      this.end(line.remote, 'callNotAnswered');
    }, line.timeoutMs);
    this.pending.set(line.remote, { ...line, digits, connection, timer });
    this.publish('calling', line.remote, line.dn, digits);
    return ok(connection);
  }

  /**
   * The user answers the callback at the remote number: the CME places the call to the called
   * number from the office line (Originated, then Delivered / Failed ...). False when no callback
   * to that number is ringing.
   */
  answer(remoteDevice: string): Result<ConnectionID, string> {
    const p = this.pendingOf(remoteDevice);
    if (p === undefined) return refused('no-callback', `no callback is ringing ${remoteDevice}`);
    this.forget(p);
    this.publish('answered', p.remote, p.dn, p.digits);
    const placed = this.host.calls.model.completeMakeCall(p.connection, p.digits);
    return placed.ok ? ok(p.connection) : refused(placed.error.code, placed.reason);
  }

  /** The remote number is busy (or rejects the callback): the office connection clears, cause busy. */
  busy(remoteDevice: string): Result<void, string> {
    return this.failRemote(remoteDevice, 'busy');
  }

  /** The remote number cannot be reached: the office connection clears, cause destNotObtainable. */
  unreachable(remoteDevice: string): Result<void, string> {
    return this.failRemote(remoteDevice, 'destNotObtainable');
  }

  /** The callbacks ringing now (remote number, office line, number to call). */
  ringing(): { remote: string; dn: string; digits: string; callID: string }[] {
    return [...this.pending.values()].map((p) => ({
      remote: p.remote,
      dn: p.dn,
      digits: p.digits,
      callID: p.connection.callID,
    }));
  }

  dispose(): void {
    for (const p of this.pending.values()) p.timer.cancel();
    this.pending.clear();
    this.unsubscribe();
  }

  private failRemote(remoteDevice: string, cause: ClearCause): Result<void, string> {
    const p = this.pendingOf(remoteDevice);
    if (p === undefined) return refused('no-callback', `no callback is ringing ${remoteDevice}`);
    this.end(p.remote, cause);
    return ok(undefined);
  }

  private pendingOf(remoteDevice: string): PendingCallback | undefined {
    const n = typeof remoteDevice === 'string' ? dialableNumber(remoteDevice) : undefined;
    return n === undefined ? undefined : this.pending.get(n);
  }

  /** The callback leg ended without an answer: the office connection clears with `cause`. */
  private end(remote: string, cause: ClearCause): void {
    const p = this.pending.get(remote);
    if (p === undefined) return;
    this.forget(p);
    this.publish(cause, p.remote, p.dn, p.digits);
    // The connection exists: a cleared one would have removed the callback (onModelEvent).
    this.host.calls.model.clear(p.connection, cause);
  }

  private forget(p: PendingCallback): void {
    p.timer.cancel();
    this.pending.delete(p.remote);
  }

  /** The office connection went away while the callback rang (ClearConnection, line out of service). */
  private onModelEvent(e: CallEvent): void {
    if (e.type !== 'ConnectionClearedEvent' || this.pending.size === 0) return;
    for (const p of this.pending.values()) {
      const c = e.droppedConnection;
      if (c.callID === p.connection.callID && c.deviceID === p.connection.deviceID) {
        this.forget(p);
        this.publish('cancelled', p.remote, p.dn, p.digits);
      }
    }
  }

  private publish(state: string, remote: string, dn: string, digits: string): void {
    this.host.observations.publish({
      kind: 'state',
      time: this.host.clock.now(),
      source: this.host.name,
      topic: 'dial-via-office',
      detail: { state, remote, dn, digits },
    });
  }
}

/** Where a dial-via-office MakeCall's callback goes and which line it calls from. */
export interface OfficeLine {
  /** The remote number (the `snr` number), as a dialable number. */
  readonly remote: string;
  /** The office line (the ephone-dn's number). */
  readonly dn: string;
  /** `snr ... timeout` in ms: how long the remote number rings. */
  readonly timeoutMs: number;
}

interface PendingCallback extends OfficeLine {
  readonly digits: string;
  readonly connection: ConnectionID;
  readonly timer: TimerHandle;
}
