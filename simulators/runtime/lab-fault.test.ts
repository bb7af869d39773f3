import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeFault, parseFault } from './lab-fault.ts';

// `ctilab lab fault <node> kill|stop|pause|unpause|restart|restore|disconnect|reconnect|delay <ms>|loss <pct>`
// (DESIGN.md section 5).

test('every fault word parses, with its value where it takes one', () => {
  for (const kind of [
    'kill',
    'stop',
    'pause',
    'unpause',
    'restart',
    'restore',
    'disconnect',
    'reconnect',
  ] as const)
    assert.deepEqual(parseFault([kind]), { kind });
  assert.deepEqual(parseFault(['delay', '250']), { kind: 'delay', ms: 250 });
  assert.deepEqual(parseFault(['loss', '2.5']), { kind: 'loss', percent: 2.5 });
  assert.equal(describeFault(parseFault(['loss', '100'])), 'loss 100');
  assert.equal(describeFault(parseFault(['kill'])), 'kill');
});

test('a bad fault is refused with what is wrong', () => {
  assert.throws(() => parseFault(['explode']), /unknown fault 'explode' \(one of: kill, stop, pause/);
  assert.throws(() => parseFault([]), /unknown fault ''/);
  assert.throws(() => parseFault(['delay']), /delay takes milliseconds/);
  assert.throws(() => parseFault(['delay', '-5']), /delay takes milliseconds/);
  assert.throws(() => parseFault(['loss', '101']), /loss takes a percentage 0\.\.100/);
  assert.throws(() => parseFault(['kill', 'now']), /kill takes no value/);
  assert.throws(() => parseFault(['delay', '5', 'more']), /unexpected 'more'/);
});
