import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CallModelError, type CallModelErrorCode } from './call-model-error.ts';
import { DEFAULT_NO_ANSWER_TIMEOUT_MS, type DeviceOptions, LineDevice } from './line-device.ts';

/**
 * A line device (CME ephone-dn): its options and its per-line features, SetForwarding /
 * GetForwarding in particular (ECMA-269 §22.2.21 and §22.2.10; ECMA-323 ForwardListItem).
 */

function refuses(fn: () => unknown, code: CallModelErrorCode, message: string): void {
  assert.throws(
    fn,
    (e) => e instanceof CallModelError && e.code === code && e.message === `${code}: ${message}`,
  );
}

describe('LineDevice options', () => {
  it('defaults to a single-line DN, registered, without cti notify', () => {
    const d = new LineDevice({ number: '201' });
    assert.deepEqual(
      [d.number, d.name, d.maxCalls, d.allowPhonelessUp, d.registered, d.inService],
      ['201', undefined, 1, false, true, true],
    );
    assert.deepEqual([d.doNotDisturb, d.messageWaiting], [false, false]);
  });

  it('is in service while its phone is registered, or always with cti notify (CME CSTA guide)', () => {
    const unregistered = new LineDevice({ number: '201', inService: false });
    assert.equal(unregistered.inService, false);
    unregistered.registered = true;
    assert.equal(unregistered.inService, true);
    const notify = new LineDevice({ number: '202', inService: false, allowPhonelessUp: true });
    assert.deepEqual([notify.registered, notify.allowPhonelessUp, notify.inService], [false, true, true]);
  });

  it('refuses options that are not a dialable number, a line count >= 1 or a string name', () => {
    refuses(
      () => new LineDevice(null as unknown as DeviceOptions),
      'invalidParameterValue',
      'device options must be an object',
    );
    refuses(
      () => new LineDevice({ number: '20a' }),
      'invalidDeviceID',
      'not a dialable directory number: 20a',
    );
    refuses(
      () => new LineDevice({ number: '201', maxCalls: 0 }),
      'invalidParameterValue',
      'maxCalls must be an integer >= 1: 0',
    );
    refuses(
      () => new LineDevice({ number: '201', maxCalls: 1.5 }),
      'invalidParameterValue',
      'maxCalls must be an integer >= 1: 1.5',
    );
    refuses(
      () => new LineDevice({ number: '201', name: 7 as unknown as string }),
      'invalidParameterValue',
      'name must be a string',
    );
    assert.equal(new LineDevice({ number: '201', name: 'Reception' }).name, 'Reception');
  });
});

describe('LineDevice forwarding', () => {
  it('activates a forward with the default no-answer timeout and reports it for forwardNoAns only', () => {
    const d = new LineDevice({ number: '201' });
    assert.deepEqual(d.setForwarding({ type: 'forwardNoAns', activate: true, destination: '202' }, 7_000), {
      forwardingType: 'forwardNoAns',
      forwardStatus: true,
      forwardDN: '202',
      noAnswerTimeoutMs: 7_000,
    });
    assert.deepEqual(d.setForwarding({ type: 'forwardBusy', activate: true, destination: '203' }, 7_000), {
      forwardingType: 'forwardBusy',
      forwardStatus: true,
      forwardDN: '203',
    });
    assert.deepEqual(d.forward('forwardNoAns'), { destination: '202', noAnswerTimeoutMs: 7_000 });
    assert.deepEqual(d.forwardingList(), [
      { forwardingType: 'forwardImmediate', forwardStatus: false },
      { forwardingType: 'forwardBusy', forwardStatus: true, forwardDN: '203' },
      { forwardingType: 'forwardNoAns', forwardStatus: true, forwardDN: '202', noAnswerTimeoutMs: 7_000 },
    ]);
    assert.equal(DEFAULT_NO_ANSWER_TIMEOUT_MS, 20_000);
  });

  it('deactivates a forward without needing a destination', () => {
    const d = new LineDevice({ number: '201' });
    d.setForwarding({ type: 'forwardImmediate', activate: true, destination: '202' }, 1);
    assert.deepEqual(d.setForwarding({ type: 'forwardImmediate', activate: false }, 1), {
      forwardingType: 'forwardImmediate',
      forwardStatus: false,
    });
    assert.equal(d.forward('forwardImmediate'), undefined);
  });

  it('refuses a setting with a bad type, activate flag, destination or timeout, and keeps the old one', () => {
    const d = new LineDevice({ number: '201' });
    refuses(
      () => d.setForwarding(null as unknown as never, 1),
      'invalidParameterValue',
      'forwarding setting must be an object',
    );
    refuses(
      () => d.setForwarding({ type: 'forwardDND' as 'forwardBusy', activate: true, destination: '202' }, 1),
      'invalidForwardingType',
      'unsupported forwarding type: forwardDND',
    );
    refuses(
      () => d.setForwarding({ type: 'forwardBusy', activate: 'yes' as unknown as boolean }, 1),
      'invalidParameterValue',
      'activate must be boolean',
    );
    refuses(
      () => d.setForwarding({ type: 'forwardBusy', activate: true, destination: '2#x' }, 1),
      'invalidForwardingDestination',
      'not a dialable destination: 2#x',
    );
    refuses(
      () => d.setForwarding({ type: 'forwardBusy', activate: true, destination: '201' }, 1),
      'invalidForwardingDestination',
      '201 cannot forward to itself',
    );
    for (const bad of [0, Number.POSITIVE_INFINITY, Number.NaN])
      refuses(
        () =>
          d.setForwarding(
            { type: 'forwardNoAns', activate: true, destination: '202', noAnswerTimeoutMs: bad },
            1,
          ),
        'invalidParameterValue',
        `noAnswerTimeoutMs must be > 0: ${String(bad)}`,
      );
    refuses(
      () =>
        d.setForwarding(
          {
            type: 'forwardNoAns',
            activate: true,
            destination: '202',
            noAnswerTimeoutMs: '5' as unknown as number,
          },
          1,
        ),
      'invalidParameterValue',
      'noAnswerTimeoutMs must be > 0: 5',
    );
    assert.deepEqual(
      d.forwardingList().map((f) => f.forwardStatus),
      [false, false, false],
    );
  });
});
