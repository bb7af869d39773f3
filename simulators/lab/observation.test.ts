import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { nodeOfPublisher, type Observation, ObservationStream, partPublisher } from './observation.ts';

const state: Observation = { kind: 'state', time: 1, source: 'cme', topic: 't', detail: {} };
const connection: Observation = {
  kind: 'connection',
  time: 2,
  source: 'cme',
  protocol: 'sccp',
  connection: 'c1',
  event: 'open',
  client: { host: '127.0.0.1', port: 2000 },
  server: { host: '127.0.0.1', port: 2001 },
};

describe('ObservationStream', () => {
  it('a listener of some kinds gets only those; one without kinds gets every kind', () => {
    const stream = new ObservationStream();
    const states: Observation[] = [];
    const all: Observation[] = [];
    stream.subscribe((o) => states.push(o), ['state']);
    stream.subscribe((o) => all.push(o));
    stream.publish(state);
    stream.publish(connection);
    assert.deepEqual(states, [state]);
    assert.deepEqual(all, [state, connection]);
  });

  it('wants: the kinds some listener takes, kept on subscribe and unsubscribe', () => {
    const stream = new ObservationStream();
    assert.equal(stream.wants('wire'), false);
    const offState = stream.subscribe(() => {}, ['state']);
    assert.equal(stream.wants('state'), true);
    assert.equal(stream.wants('wire'), false);
    const offAll = stream.subscribe(() => {});
    assert.equal(stream.wants('wire'), true);
    offAll();
    assert.equal(stream.wants('wire'), false);
    assert.equal(stream.wants('state'), true);
    offState();
    assert.equal(stream.wants('state'), false);
    assert.equal(stream.listenerCount, 0);
  });

  it("a listener's failure reaches neither the publisher nor the other listeners", () => {
    const stream = new ObservationStream();
    const got: Observation[] = [];
    stream.subscribe(() => {
      throw new Error('consumer bug');
    });
    stream.subscribe((o) => got.push(o), ['state']);
    stream.publish(state);
    assert.deepEqual(got, [state]);
  });
});

test("a node part's publisher name and back: `<node>-<part>`, other names as they are", () => {
  assert.equal(partPublisher('CME', 'sip'), 'CME-sip');
  assert.equal(partPublisher('acd', 'cti-A'), 'acd-cti-A');
  const cases: Array<[string, string]> = [
    ['CME-sip', 'CME'],
    ['cme-cti', 'cme'],
    ['acd-cti-A', 'acd'],
    ['acd-cti-B', 'acd'],
    ['cme-tftp', 'cme'],
    ['x-sip', 'x'],
    // Only a suffix after a name: a bare part, or a device, is its own node.
    ['-sip', '-sip'],
    ['SEP001E4A34A35F', 'SEP001E4A34A35F'],
    ['cme-sipx', 'cme-sipx'],
  ];
  for (const [source, node] of cases) assert.equal(nodeOfPublisher(source), node, source);
});
