import type { CallModel } from '../calls/call-model.ts';
import type { CallRefusal } from '../calls/call-model-error.ts';
import type { Result } from '../lab/result.ts';

/** A refusal seen through {@link strictCallModel}: the call model's `CallRefusal` as a test failure. */
export class CallRefusedError extends Error {
  readonly refusal: CallRefusal;
  constructor(refusal: CallRefusal, reason: string) {
    super(`${refusal.code}: ${reason}`);
    this.name = 'CallRefusedError';
    this.refusal = refusal;
  }
}

/** The call model's API with each `Result<T, CallRefusal>` operation returning `T`. */
export type StrictCallModel = {
  [K in keyof CallModel]: CallModel[K] extends (...args: infer A) => Result<infer T, CallRefusal>
    ? (...args: A) => T
    : CallModel[K];
};

function isResult(value: unknown): value is Result<unknown, CallRefusal> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

/**
 * Tests drive the model through this view: an operation that the model refuses throws a
 * {@link CallRefusedError} (so a test step that should succeed cannot fail silently), and a test
 * that expects a refusal asserts on that error's `refusal.code`.
 */
export function strictCallModel(model: CallModel): StrictCallModel {
  return new Proxy(model, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = value.apply(target, args);
        if (!isResult(result)) return result;
        if (result.ok) return result.value;
        throw new CallRefusedError(result.error, result.reason);
      };
    },
  }) as unknown as StrictCallModel;
}
