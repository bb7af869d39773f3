import type { ForwardingType } from './call-events.ts';
import { CallModelError } from './call-model-error.ts';
import { DIALABLE_DIGITS } from './dial-plan.ts';

/**
 * A line device of the call model: one directory number (ECMA-269 line device; CME `ephone-dn`)
 * with its per-line features: do not disturb, call forwarding and the message waiting lamp.
 */

/** No-answer forwarding timeout when a SetForwarding gives none (model default, 20 s). */
export const DEFAULT_NO_ANSWER_TIMEOUT_MS = 20_000;

export const FORWARDING_TYPES: readonly ForwardingType[] = [
  'forwardImmediate',
  'forwardBusy',
  'forwardNoAns',
];

export interface DeviceOptions {
  readonly number: string;
  readonly name?: string;
  /** Calls the line can carry at once: 1 single-line, 2 dual-line (call waiting). Default 1. */
  readonly maxCalls?: number;
  /** CME `cti notify`: the DN is "up" even with no registered phone. */
  readonly allowPhonelessUp?: boolean;
  /** Whether its phone is registered when added (default true; nodes pass false until it registers). */
  readonly inService?: boolean;
  /**
   * Several calls may be connected at once (no call is held to answer or retrieve another): a CUCM
   * CTI route point, whose application terminates media per call ("CTI Route Points Overview":
   * "make and receive multiple active calls"). Default false: a phone line talks on one call.
   */
  readonly manyActive?: boolean;
}

export interface ForwardingSetting {
  readonly type: ForwardingType;
  readonly activate: boolean;
  readonly destination?: string;
  readonly noAnswerTimeoutMs?: number;
}

/** One entry of GetForwarding (ECMA-323 ForwardListItem). */
export interface ForwardingStatus {
  readonly forwardingType: ForwardingType;
  readonly forwardStatus: boolean;
  readonly forwardDN?: string;
  readonly noAnswerTimeoutMs?: number;
}

interface ActiveForward {
  readonly destination: string;
  readonly noAnswerTimeoutMs: number;
}

export class LineDevice {
  readonly number: string;
  readonly name: string | undefined;
  readonly maxCalls: number;
  readonly allowPhonelessUp: boolean;
  readonly manyActive: boolean;
  registered: boolean;
  doNotDisturb = false;
  messageWaiting = false;
  private readonly forwards = new Map<ForwardingType, ActiveForward>();

  constructor(options: DeviceOptions) {
    if (typeof options !== 'object' || options === null)
      throw new CallModelError('invalidParameterValue', 'device options must be an object');
    const {
      number,
      name,
      maxCalls = 1,
      allowPhonelessUp = false,
      inService = true,
      manyActive = false,
    } = options;
    if (typeof number !== 'string' || !DIALABLE_DIGITS.test(number))
      throw new CallModelError('invalidDeviceID', `not a dialable directory number: ${String(number)}`);
    if (!Number.isInteger(maxCalls) || maxCalls < 1)
      throw new CallModelError(
        'invalidParameterValue',
        `maxCalls must be an integer >= 1: ${String(maxCalls)}`,
      );
    if (name !== undefined && typeof name !== 'string')
      throw new CallModelError('invalidParameterValue', 'name must be a string');
    this.number = number;
    this.name = name;
    this.maxCalls = maxCalls;
    this.allowPhonelessUp = allowPhonelessUp === true;
    this.registered = inService === true;
    this.manyActive = manyActive === true;
  }

  /** CME CSTA guide "cti notify": forces the ephone-dn into a constant "up" state without a phone. */
  get inService(): boolean {
    return this.registered || this.allowPhonelessUp;
  }

  forward(type: ForwardingType): ActiveForward | undefined {
    return this.forwards.get(type);
  }

  /** Validates and applies a SetForwarding request; returns the effective setting. */
  setForwarding(setting: ForwardingSetting, defaultNoAnswerTimeoutMs: number): ForwardingStatus {
    if (typeof setting !== 'object' || setting === null)
      throw new CallModelError('invalidParameterValue', 'forwarding setting must be an object');
    const { type, activate, destination, noAnswerTimeoutMs = defaultNoAnswerTimeoutMs } = setting;
    if (!FORWARDING_TYPES.includes(type))
      throw new CallModelError('invalidForwardingType', `unsupported forwarding type: ${String(type)}`);
    if (typeof activate !== 'boolean')
      throw new CallModelError('invalidParameterValue', 'activate must be boolean');
    if (!activate) {
      this.forwards.delete(type);
      return { forwardingType: type, forwardStatus: false };
    }
    if (typeof destination !== 'string' || !DIALABLE_DIGITS.test(destination))
      throw new CallModelError(
        'invalidForwardingDestination',
        `not a dialable destination: ${String(destination)}`,
      );
    if (destination === this.number)
      throw new CallModelError('invalidForwardingDestination', `${this.number} cannot forward to itself`);
    if (
      typeof noAnswerTimeoutMs !== 'number' ||
      !Number.isFinite(noAnswerTimeoutMs) ||
      noAnswerTimeoutMs <= 0
    )
      throw new CallModelError(
        'invalidParameterValue',
        `noAnswerTimeoutMs must be > 0: ${String(noAnswerTimeoutMs)}`,
      );
    this.forwards.set(type, { destination, noAnswerTimeoutMs });
    return {
      forwardingType: type,
      forwardStatus: true,
      forwardDN: destination,
      ...(type === 'forwardNoAns' ? { noAnswerTimeoutMs } : {}),
    };
  }

  forwardingList(): ForwardingStatus[] {
    return FORWARDING_TYPES.map((type) => {
      const f = this.forwards.get(type);
      if (f === undefined) return { forwardingType: type, forwardStatus: false };
      return {
        forwardingType: type,
        forwardStatus: true,
        forwardDN: f.destination,
        ...(type === 'forwardNoAns' ? { noAnswerTimeoutMs: f.noAnswerTimeoutMs } : {}),
      };
    });
  }
}
