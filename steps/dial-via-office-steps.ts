import assert from 'node:assert/strict';
import { Then, When } from '@cucumber/cucumber';
import type { CstaRequest } from '../simulators/csta/csta-types.ts';
import { actorFor, expectMonitorEvents, noPendingError, request } from './csta-steps.ts';
import type { LabWorld } from './world.ts';

/**
 * Dial-via-office (CME 8.8; simulators/cme/cti/cti-dial-via-office.ts): the client whose session
 * is on the office line asks MakeCall with the user's remote (snr) number as callingDevice, and
 * the lab's stand-in for the PSTN answers, rejects or cannot reach that remote phone (lab control).
 */
async function dialViaOffice(
  world: LabWorld,
  line: string,
  remote: string,
  called: string,
  autoOriginate?: 'prompt' | 'doNotPrompt',
): Promise<void> {
  const req: CstaRequest = {
    type: 'MakeCall',
    callingDevice: remote,
    calledDirectoryNumber: called,
    ...(autoOriginate ? { autoOriginate } : {}),
  };
  await request(world, actorFor(world, line), req);
}

When(
  'the client on {string} makes a dial-via-office call from {string} to {string}',
  async function (this: LabWorld, line: string, remote: string, called: string) {
    await dialViaOffice(this, line, remote, called);
  },
);

When(
  'the client on {string} makes a dial-via-office call from {string} to {string} with autoOriginate {word}',
  async function (this: LabWorld, line: string, remote: string, called: string, auto: string) {
    // `absent`: the request carries no autoOriginate (the CME takes it as prompt for a remote number).
    assert.ok(auto === 'prompt' || auto === 'doNotPrompt' || auto === 'absent', `autoOriginate ${auto}`);
    await dialViaOffice(this, line, remote, called, auto === 'absent' ? undefined : auto);
  },
);

/** The lab's remote party (the PSTN side of the callback leg). */
function remotePhone(world: LabWorld) {
  noPendingError(world);
  const cti = world.cme().cti;
  if (!cti) throw new Error('the CME serves no CTI');
  return cti.dialViaOffice;
}

When('the remote phone {string} answers the callback', function (this: LabWorld, n: string) {
  const r = remotePhone(this).answer(n);
  assert.equal(r.ok, true, JSON.stringify(r));
});

When('the remote phone {string} is busy', function (this: LabWorld, n: string) {
  const r = remotePhone(this).busy(n);
  assert.equal(r.ok, true, JSON.stringify(r));
});

When('the remote phone {string} cannot be reached', function (this: LabWorld, n: string) {
  const r = remotePhone(this).unreachable(n);
  assert.equal(r.ok, true, JSON.stringify(r));
});

Then(
  'the monitor on {string} reports {string} with cause {string}',
  async function (this: LabWorld, device: string, list: string, cause: string) {
    const got = await expectMonitorEvents(this, device, list);
    assert.equal((got.at(-1) as { cause?: string }).cause, cause);
  },
);
