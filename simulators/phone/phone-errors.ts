/**
 * Typed errors of the simulated SCCP phone. Wire problems (bad frames, lost servers) never throw
 * out of a socket handler; these reach callers of the phone's own API (start, actions, waitFor).
 */
export class SccpPhoneError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SccpPhoneError';
  }
}

/** Bad constructor options (MAC not 12 hex digits, unknown model, empty server list). */
export class PhoneConfigError extends SccpPhoneError {
  constructor(message: string) {
    super(message);
    this.name = 'PhoneConfigError';
  }
}

/** The call manager answered RegisterReq with RegisterReject (Wireshark packet-skinny and chan-sccp (registration)). */
export class RegistrationRejectedError extends SccpPhoneError {
  readonly text: string;
  readonly serverIndex: number;

  constructor(text: string, serverIndex: number) {
    super(`registration rejected by server ${serverIndex}: ${text}`);
    this.name = 'RegistrationRejectedError';
    this.text = text;
    this.serverIndex = serverIndex;
  }
}

/** One failed registration attempt, as reported inside {@link NoCallManagerError}. */
export interface RegistrationAttemptFailure {
  serverIndex: number;
  host: string;
  port: number;
  reason: string;
}

/** No server in the call-manager list could be reached or completed registration. */
export class NoCallManagerError extends SccpPhoneError {
  readonly attempts: readonly RegistrationAttemptFailure[];

  constructor(attempts: readonly RegistrationAttemptFailure[]) {
    super(
      `no call manager registered the phone: ${attempts.map((a) => `#${a.serverIndex} ${a.host}:${a.port} ${a.reason}`).join('; ')}`,
    );
    this.name = 'NoCallManagerError';
    this.attempts = attempts;
  }
}

/** An action (offHook, dial, softKey, ...) that cannot be performed in the phone's current state. */
export class PhoneActionError extends SccpPhoneError {
  readonly action: string;

  constructor(action: string, message: string) {
    super(`${action}: ${message}`);
    this.name = 'PhoneActionError';
    this.action = action;
  }
}

/** `waitFor` gave up before its predicate held. */
export class PhoneWaitTimeoutError extends SccpPhoneError {
  readonly timeoutMs: number;

  constructor(timeoutMs: number, description: string) {
    super(`timed out after ${timeoutMs} ms waiting for ${description}`);
    this.name = 'PhoneWaitTimeoutError';
    this.timeoutMs = timeoutMs;
  }
}

/** The phone was stopped while an operation (start, waitFor) was pending. */
export class PhoneStoppedError extends SccpPhoneError {
  constructor(operation: string) {
    super(`${operation}: phone stopped`);
    this.name = 'PhoneStoppedError';
  }
}
