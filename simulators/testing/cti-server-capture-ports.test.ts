// CtiServerCapturePorts learns a scenario's CTI Server side ports from its observations: the
// first message of a connection goes to the server (GED-188 is client-first), a connection
// observation names the server; other protocols and state observations are ignored.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Endpoint, WireObservation } from '../lab/observation.ts';
import { CtiServerCapturePorts } from './cti-server-capture-ports.ts';

const wire = (
  connection: string,
  src: Endpoint,
  dst: Endpoint,
  protocol: WireObservation['protocol'] = 'cti-server',
) =>
  ({
    kind: 'wire',
    time: 0,
    source: 'acd-cti-A',
    protocol,
    transport: 'tcp',
    connection,
    src,
    dst,
    bytes: new Uint8Array(8),
  }) as const;
const at = (port: number): Endpoint => ({ host: '127.0.0.1', port });

describe('CtiServerCapturePorts', () => {
  it('takes the destination of each connection first message as the side, counts the messages', () => {
    const p = new CtiServerCapturePorts();
    p.observe(wire('acd-cti-A/1', at(50001), at(41000)));
    p.observe(wire('acd-cti-A/1', at(41000), at(50001)));
    p.observe(wire('acd-cti-B/1', at(50002), at(42000)));
    p.observe(wire('acd-cti-B/1', at(42000), at(50002)));
    p.observe(wire('cme/1', at(50003), at(2000), 'sccp'));
    p.observe({
      kind: 'state',
      time: 0,
      source: 'acd-cti-A',
      topic: 'cti-server-session-opened',
      detail: {},
    });
    assert.deepEqual(p.ports, [41000, 42000]);
    assert.equal(p.messages, 4);
  });

  it('a connection observation names the server even if the server spoke first', () => {
    const p = new CtiServerCapturePorts();
    p.observe({
      kind: 'connection',
      time: 0,
      source: 'x',
      protocol: 'cti-server',
      connection: 'c',
      event: 'open',
      client: at(50001),
      server: at(43027),
    });
    p.observe(wire('c', at(43027), at(50001)));
    assert.deepEqual(p.ports, [43027]);
  });
});
