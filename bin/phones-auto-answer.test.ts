import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CmeLab } from '../simulators/cme/cme.ts';
import { ManualClock } from '../simulators/lab/manual-clock.ts';
import { SccpPhone } from '../simulators/phone/phone.ts';
import { allCalls, type PhoneState } from '../simulators/phone/phone-state.ts';
import { callControlConfig } from '../simulators/testing/call-control-test-lab.ts';
import { autoAnswer } from './phones-auto-answer.ts';

// A real CME (call control over SCCP on an ephemeral port) and two real simulated phones:
// 00DD00000001 (DN 401) calls 00DD00000002 (DN 402), which answers on the manual clock.
let lab: CmeLab;
let a: SccpPhone;
let b: SccpPhone;

before(async () => {
  lab = new CmeLab({ config: callControlConfig(), sccpPort: 0, log: () => {} });
  const port = (await lab.start()).endpoints.sccp.port;
  const servers = [{ host: '127.0.0.1', port }];
  a = new SccpPhone({ mac: '00DD00000001', model: '7961', servers });
  b = new SccpPhone({ mac: '00DD00000002', model: '7961', servers });
  assert.ok((await a.powerOn()).ok);
  assert.ok((await b.powerOn()).ok);
});

after(async () => {
  await Promise.allSettled([a?.stop(), b?.stop()]);
  await lab?.stop();
});

const states = (s: Readonly<PhoneState>) => allCalls(s).map((c) => c.state);
const quiet = () => new Promise((r) => setTimeout(r, 150));

test('answers a ringing call with the Answer soft key after the delay, not before', async () => {
  const clock = new ManualClock();
  const answering = autoAnswer(b, 500, clock);
  try {
    a.offHook();
    a.dial('402');
    await b.waitFor((s) => states(s).includes('RingIn'), 3000, 'ringing');
    clock.advance(499);
    await quiet();
    assert.deepEqual(states(b.state), ['RingIn']);
    assert.equal(answering.answered(), 0);
    clock.advance(1);
    await b.waitFor((s) => states(s).includes('Connected'), 3000, 'connected');
    await a.waitFor((s) => states(s).includes('Connected'), 3000, 'caller connected');
    assert.equal(answering.answered(), 1);
    a.onHook();
    await b.waitFor((s) => !states(s).some((c) => c === 'Connected' || c === 'RingIn'), 3000, 'cleared');
  } finally {
    answering.stop();
  }
});

test('leaves alone a call that stopped ringing before the delay', async () => {
  const clock = new ManualClock();
  const answering = autoAnswer(b, 500, clock);
  try {
    a.offHook();
    a.dial('402');
    await b.waitFor((s) => states(s).includes('RingIn'), 3000, 'ringing');
    a.onHook();
    await b.waitFor((s) => !states(s).includes('RingIn'), 3000, 'no longer ringing');
    clock.advance(1000);
    await quiet();
    assert.equal(answering.answered(), 0);
    assert.ok(!states(b.state).includes('Connected'));
  } finally {
    answering.stop();
  }
});
