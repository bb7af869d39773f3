import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeCsta } from '../../simulators/csta/csta-encode.ts';
import { CSTA_NAMESPACES } from '../../simulators/csta/csta-namespaces.ts';

const ED3_NAMESPACE = CSTA_NAMESPACES.ed3;

import { type CtiMessage, encodeMessage } from '../../simulators/cti-server/message-codec.ts';
import type { Endpoint, Observation } from '../../simulators/lab/observation.ts';
import { PcapWriter } from '../../simulators/lab/pcap-writer.ts';
import { transcriptOfPcap } from './pcap-transcript.ts';
import { entryLabel } from './transcript.ts';

const client: Endpoint = { host: '127.0.0.1', port: 50000 };
const sipServer: Endpoint = { host: '127.0.0.1', port: 5060 };
const ctiServer: Endpoint = { host: '127.0.0.1', port: 42027 };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A capture written by the lab's own PcapWriter; `frames` gives the frame numbers each write took. */
class Capture {
  private readonly chunks: Uint8Array[] = [];
  private readonly writer = new PcapWriter((c) => this.chunks.push(c));
  private count = 0;
  private time = Date.UTC(2026, 11, 6, 12, 0, 0);
  /** Writes `o`; returns the 1-based numbers of the frames it produced. */
  add(o: DistributiveOmit<Observation, 'time'>): number[] {
    this.time += 10;
    const n = this.writer.write({ ...o, time: this.time } as Observation);
    const frames = Array.from({ length: n }, (_, i) => this.count + i + 1);
    this.count += n;
    return frames;
  }
  open(server: Endpoint, protocol: 'sip' | 'cti-server') {
    return this.add({
      kind: 'connection',
      source: 'lab',
      protocol,
      connection: 'c1',
      event: 'open',
      client,
      server,
    });
  }
  send(from: Endpoint, to: Endpoint, protocol: 'sip' | 'cti-server', bytes: Uint8Array) {
    return this.add({
      kind: 'wire',
      source: 'lab',
      protocol,
      transport: 'tcp',
      connection: 'c1',
      src: from,
      dst: to,
      bytes,
    });
  }
  bytes(): Uint8Array {
    return Buffer.concat(this.chunks);
  }
}

function sip(head: string, body = ''): Buffer {
  const withBody = body === '' ? '' : 'Content-Type: application/csta+xml\r\n';
  return Buffer.from(`${head}\r\n${withBody}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

const invite = sip(
  [
    'INVITE sip:201@127.0.0.1:5060 SIP/2.0',
    'Via: SIP/2.0/TCP 127.0.0.1:50000;branch=z9hG4bK-1',
    'From: <sip:app@127.0.0.1>;tag=a',
    'To: <sip:201@127.0.0.1>',
    'Call-ID: call-1',
    'CSeq: 1 INVITE',
    'Max-Forwards: 70',
    'Contact: <sip:app@127.0.0.1:50000;transport=tcp>',
    'Session-Expires: 1800',
  ].join('\r\n'),
  encodeCsta({ type: 'RequestSystemStatus' }, { namespace: ED3_NAMESPACE }),
);

describe('transcriptOfPcap', () => {
  it('frames SIP across segments and several messages in one, stamping the frame of the first byte', () => {
    const cap = new Capture();
    const opened = cap.open(sipServer, 'sip');
    const first = cap.send(client, sipServer, 'sip', invite.subarray(0, 100));
    cap.send(client, sipServer, 'sip', invite.subarray(100));
    const bad = sip(
      [
        'INFO sip:201@127.0.0.1 SIP/2.0',
        'Call-ID: call-1',
        'CSeq: 2 INFO',
        'From: <sip:a@b>;tag=a',
        'To: <sip:c@d>',
        'Via: SIP/2.0/TCP 127.0.0.1:50000;branch=z9hG4bK-2',
        'Max-Forwards: 70',
      ].join('\r\n'),
      '<NotCsta xmlns="urn:nothing"/>',
    );
    const ok = sip(
      [
        'SIP/2.0 200 OK',
        'Via: SIP/2.0/TCP 127.0.0.1:50000;branch=z9hG4bK-1',
        'From: <sip:app@127.0.0.1>;tag=a',
        'To: <sip:201@127.0.0.1>;tag=b',
        'Call-ID: call-1',
        'CSeq: 1 INVITE',
      ].join('\r\n'),
    );
    const both = cap.send(sipServer, client, 'sip', Buffer.concat([ok, ok]));
    const badFrames = cap.send(client, sipServer, 'sip', bad);
    const t = transcriptOfPcap(cap.bytes(), { sip: [sipServer], cti: [] });
    const messages = t.entries.filter((e) => e.protocol === 'sip');
    assert.deepEqual(
      messages.map((e) => [e.frame, e.direction, entryLabel(e)]),
      [
        [first.at(-1), 'from-client', 'INVITE (RequestSystemStatus)'],
        [both.at(-1), 'to-client', '200 INVITE'],
        [both.at(-1), 'to-client', '200 INVITE'],
        [badFrames.at(-1), 'from-client', 'INFO (bad CSTA body)'],
      ],
    );
    const inviteEntry = messages[0];
    assert.ok(inviteEntry?.protocol === 'sip');
    assert.equal(inviteEntry.namespace, ED3_NAMESPACE);
    assert.equal(inviteEntry.sip.header('Session-Expires'), '1800');
    assert.equal(inviteEntry.client, '127.0.0.1:50000');
    assert.equal(inviteEntry.server, '127.0.0.1:5060');
    const open = t.entries[0];
    assert.deepEqual(
      [open?.protocol, open?.protocol === 'tcp' && open.event, open?.frame],
      ['tcp', 'open', opened[0]],
    );
  });

  it('decodes GED-188 at the version of the OPEN_REQ and keeps traffic of other endpoints out', () => {
    const cap = new Capture();
    cap.open(ctiServer, 'cti-server');
    const open: CtiMessage = {
      type: 3,
      name: 'OPEN_REQ',
      fixed: {
        InvokeID: 1,
        VersionNumber: 19,
        IdleTimeout: 30,
        PeripheralID: 0xffffffff,
        ServicesRequested: 0x10,
        CallMsgMask: 0,
        AgentStateMask: 0,
        ConfigMsgMask: 0,
        Reserved1: 0,
        Reserved2: 0,
        Reserved3: 0,
      },
      floating: [
        { name: 'ClientID', value: 'bridge' },
        { name: 'ClientPassword', value: new Uint8Array(0) },
      ],
    };
    const heartbeat: CtiMessage = { type: 5, name: 'HEARTBEAT_REQ', fixed: { InvokeID: 2 }, floating: [] };
    const frames = cap.send(
      client,
      ctiServer,
      'cti-server',
      Buffer.concat([encodeMessage(open, 19), encodeMessage(heartbeat, 19)]),
    );
    cap.send(client, { host: '127.0.0.1', port: 2000 }, 'cti-server', Buffer.from([0, 0, 0, 0]));
    const t = transcriptOfPcap(cap.bytes(), { sip: [], cti: [ctiServer] });
    const cti = t.entries.filter((e) => e.protocol === 'cti-server');
    assert.deepEqual(
      cti.map((e) => [e.frame, e.name, e.version, e.message?.fixed['InvokeID']]),
      [
        [frames.at(-1), 'OPEN_REQ', 19, 1],
        [frames.at(-1), 'HEARTBEAT_REQ', 19, 2],
      ],
    );
    assert.equal(t.entries.filter((e) => e.server !== '127.0.0.1:42027').length, 0);
  });

  it('reports a broken GED-188 stream once as unframed and reads no more of that direction', () => {
    const cap = new Capture();
    cap.open(ctiServer, 'cti-server');
    const lengthTooBig = Buffer.from([0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 3]);
    const frames = cap.send(client, ctiServer, 'cti-server', lengthTooBig);
    cap.send(client, ctiServer, 'cti-server', Buffer.from([0, 0, 0, 4, 0, 0, 0, 5, 0, 0, 0, 1]));
    const t = transcriptOfPcap(cap.bytes(), { sip: [], cti: [ctiServer] });
    const data = t.entries.filter((e) => e.protocol !== 'tcp');
    assert.equal(data.length, 1);
    assert.equal(data[0]?.protocol, 'unframed');
    assert.equal(data[0]?.frame, frames.at(-1));
  });
});
