// The CTI Server client-role graders on hand-built transcripts: each rule passes, fails and is
// inconclusive on the conversation that shows it, with the evidence frames it rests on.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ctiMessage, type FloatingField, MESSAGES_BY_NAME } from '../../simulators/cti-server/wire.ts';
import type { Stimulus, ValidationSettings } from './client-profile.ts';
import {
  gradeAlternate,
  gradeCloseRequest,
  gradeHeartbeat,
  gradeLoginFirst,
  gradeNoRetryStorm,
  gradeNothingBeforeOpenConf,
  gradeOpenFirst,
  gradeReconnect,
  gradeUniqueInvokeIds,
} from './cti-client-graders.ts';
import type { CtiEntry, Transcript } from './transcript.ts';

const A = '127.0.0.1:42027';
const B = '127.0.0.1:43027';
const SETTINGS: ValidationSettings = { connectTimeoutSeconds: 5, runSeconds: 30, sessionExpiresSeconds: 1 };

/** A transcript builder: messages on connections, frames numbered in order, times given. */
class Talk {
  readonly entries: CtiEntry[] = [];
  private port = 50000;
  connection(server = A): { client: string; server: string } {
    return { client: `127.0.0.1:${this.port++}`, server };
  }
  msg(
    c: { client: string; server: string },
    dir: '>' | '<',
    time: number,
    name: string,
    fixed: Record<string, number> = {},
    floating: FloatingField[] = [],
  ): this {
    const m = ctiMessage(name, fixed, floating);
    assert.ok(MESSAGES_BY_NAME.get(name), name);
    this.entries.push({
      protocol: 'cti-server',
      frame: this.entries.length + 1,
      time,
      direction: dir === '>' ? 'from-client' : 'to-client',
      client: c.client,
      server: c.server,
      messageType: m.type,
      name,
      message: m,
      version: 20,
    });
    return this;
  }
  /** OPEN_REQ (InvokeID 1, IdleTimeout) and OPEN_CONF at `time`. */
  open(c: { client: string; server: string }, time: number, idle = 20, agentState = 0xffff): this {
    return this.msg(c, '>', time, 'OPEN_REQ', { InvokeID: 1, IdleTimeout: idle }).msg(
      c,
      '<',
      time,
      'OPEN_CONF',
      {
        InvokeID: 1,
        AgentState: agentState,
      },
    );
  }
  get t(): Transcript {
    return { entries: this.entries };
  }
}

const stim = (
  time: number,
  kind: Stimulus['kind'],
  action: string,
  detail?: Record<string, unknown>,
  outcome?: string,
) => ({ time, kind, action, ...(detail ? { detail } : {}), ...(outcome ? { outcome } : {}) }) as Stimulus;
const FAIL_A = stim(5000, 'fault', 'fail-side A', { failed: A, other: B });
const verdictOf = (g: { verdict: string; evidence: readonly { frame?: number }[] }) => [
  g.verdict,
  g.evidence.map((e) => e.frame),
];

describe('ACD-MSG-008 / 009: OPEN_REQ first, nothing before OPEN_CONF', () => {
  it('pass: OPEN_REQ first; a request after OPEN_CONF', () => {
    const k = new Talk();
    const c = k.connection();
    k.open(c, 0).msg(c, '>', 10, 'HEARTBEAT_REQ', { InvokeID: 2 });
    assert.deepEqual(verdictOf(gradeOpenFirst(k.t)), ['pass', [1]]);
    assert.equal(gradeNothingBeforeOpenConf(k.t).verdict, 'pass');
  });
  it('fail: HEARTBEAT_REQ before any OPEN_REQ fails both, naming the frame', () => {
    const k = new Talk();
    const bad = k.connection();
    k.msg(bad, '>', 0, 'HEARTBEAT_REQ', { InvokeID: 1 }).msg(bad, '<', 0, 'FAILURE_CONF', {
      InvokeID: 1,
      Status: 4,
    });
    k.open(k.connection(), 100);
    assert.deepEqual(verdictOf(gradeOpenFirst(k.t)), ['fail', [1]]);
    assert.deepEqual(verdictOf(gradeNothingBeforeOpenConf(k.t)), ['fail', [1]]);
  });
  it('009 alone fails: OPEN_REQ first, then a request before OPEN_CONF', () => {
    const k = new Talk();
    const c = k.connection();
    k.msg(c, '>', 0, 'OPEN_REQ', { InvokeID: 1 })
      .msg(c, '>', 1, 'QUERY_AGENT_STATE_REQ', { InvokeID: 2 })
      .msg(c, '<', 2, 'OPEN_CONF', { InvokeID: 1 });
    assert.equal(gradeOpenFirst(k.t).verdict, 'pass');
    assert.deepEqual(verdictOf(gradeNothingBeforeOpenConf(k.t)), ['fail', [2, 3]]);
  });
  it('inconc: the client sent nothing', () => {
    assert.equal(gradeOpenFirst({ entries: [] }).verdict, 'inconc');
    assert.equal(gradeNothingBeforeOpenConf({ entries: [] }).verdict, 'inconc');
  });
});

describe('ACD-MSG-010: heartbeats while idle', () => {
  const quiet = stim(1000, 'timer', 'heartbeat-period', { ms: 3000 });
  const session = (hb: number[], idle = 20) => {
    const k = new Talk();
    const c = k.connection();
    k.open(c, 0, idle);
    for (const [i, time] of hb.entries()) k.msg(c, '>', time, 'HEARTBEAT_REQ', { InvokeID: i + 2 });
    return k.t;
  };
  it('pass: a HEARTBEAT_REQ every second of the 3 s period (interval 1 s)', () => {
    const g = gradeHeartbeat(session([1000, 2000, 3000, 4000]), [quiet], SETTINGS);
    assert.deepEqual(verdictOf(g), ['pass', [4, 5, 6]]);
  });
  it('fail: none in 3 s though IdleTimeout 20 s was asked', () => {
    const g = gradeHeartbeat(session([]), [quiet], SETTINGS);
    assert.equal(g.verdict, 'fail');
    assert.match(g.reason, /no HEARTBEAT_REQ for 3000 ms/);
  });
  it('fail: a 2.5 s gap (more than twice the interval)', () => {
    const g = gradeHeartbeat(session([1200, 3700]), [quiet], SETTINGS);
    assert.deepEqual(verdictOf(g), ['fail', [3, 4]]);
  });
  it('pass: other requests every 0.8 s keep the session alive without HEARTBEAT_REQ', () => {
    const k = new Talk();
    const c = k.connection();
    k.open(c, 0);
    for (const [i, time] of [800, 1600, 2400, 3200, 4000].entries())
      k.msg(c, '>', time, 'QUERY_AGENT_STATE_REQ', { InvokeID: i + 2 });
    assert.equal(gradeHeartbeat(k.t, [quiet], SETTINGS).verdict, 'pass');
  });
  it('inconc: IdleTimeout 0xFFFFFFFF (no heartbeats asked), no period, no session', () => {
    assert.equal(gradeHeartbeat(session([], 0xffff_ffff), [quiet], SETTINGS).verdict, 'inconc');
    assert.equal(gradeHeartbeat(session([]), [], SETTINGS).verdict, 'inconc');
    assert.equal(gradeHeartbeat({ entries: [] }, [quiet], SETTINGS).verdict, 'inconc');
  });
});

describe('ACD-MSG-011: InvokeIDs unique among outstanding requests', () => {
  it('pass: the same InvokeID again once answered; fail: again while outstanding', () => {
    const k = new Talk();
    const c = k.connection();
    k.open(c, 0)
      .msg(c, '>', 1, 'HEARTBEAT_REQ', { InvokeID: 7 })
      .msg(c, '<', 2, 'HEARTBEAT_CONF', { InvokeID: 7 })
      .msg(c, '>', 3, 'HEARTBEAT_REQ', { InvokeID: 7 });
    assert.equal(gradeUniqueInvokeIds(k.t).verdict, 'pass');
    k.msg(c, '>', 4, 'QUERY_AGENT_STATE_REQ', { InvokeID: 7 });
    assert.deepEqual(verdictOf(gradeUniqueInvokeIds(k.t)), ['fail', [5, 6]]);
  });
  it('inconc: fewer than two requests', () => {
    const k = new Talk();
    k.msg(k.connection(), '>', 0, 'OPEN_REQ', { InvokeID: 1 });
    assert.equal(gradeUniqueInvokeIds(k.t).verdict, 'inconc');
  });
});

describe('ACD-MSG-012: CLOSE_REQ to end the session', () => {
  const ask = stim(2000, 'upper-tester', 'close-session', {}, 'ok');
  it('pass: CLOSE_REQ, CLOSE_CONF', () => {
    const k = new Talk();
    const c = k.connection();
    k.open(c, 0)
      .msg(c, '>', 1990, 'CLOSE_REQ', { InvokeID: 2 })
      .msg(c, '<', 1991, 'CLOSE_CONF', { InvokeID: 2 });
    assert.deepEqual(verdictOf(gradeCloseRequest(k.t, [ask])), ['pass', [3, 4]]);
  });
  it('fail: the session ends without CLOSE_REQ', () => {
    const k = new Talk();
    const c = k.connection();
    k.open(c, 0).msg(c, '>', 1000, 'HEARTBEAT_REQ', { InvokeID: 2 });
    assert.deepEqual(verdictOf(gradeCloseRequest(k.t, [ask])), ['fail', [2, 3]]);
  });
  it('inconc: not asked, the upper tester failed, or the session was already lost', () => {
    const k = new Talk();
    k.open(k.connection(A), 0);
    assert.equal(gradeCloseRequest(k.t, []).verdict, 'inconc');
    assert.equal(gradeCloseRequest(k.t, [{ ...ask, outcome: 'HTTP 409' }]).verdict, 'inconc');
    assert.equal(gradeCloseRequest(k.t, [FAIL_A, { ...ask, time: 6000 }]).verdict, 'inconc');
  });
});

describe('ACD-MSG-013: no retry storm after a refusal', () => {
  const refusedThen = (retries: number) => {
    const k = new Talk();
    const c = k.connection();
    const agent = [{ name: 'AgentID', value: '5999' }];
    k.open(c, 0)
      .msg(c, '>', 100, 'QUERY_AGENT_STATE_REQ', { InvokeID: 2, PeripheralID: 5000 }, agent)
      .msg(c, '<', 101, 'FAILURE_CONF', { InvokeID: 2, Status: 8 });
    for (let i = 0; i < retries; i++)
      k.msg(c, '>', 102 + i, 'QUERY_AGENT_STATE_REQ', { InvokeID: 3 + i, PeripheralID: 5000 }, agent);
    return k.t;
  };
  it('pass: one identical retry; fail: two within 5 s; inconc: no refusal', () => {
    assert.equal(gradeNoRetryStorm(refusedThen(0)).verdict, 'pass');
    assert.equal(gradeNoRetryStorm(refusedThen(1)).verdict, 'pass');
    assert.deepEqual(verdictOf(gradeNoRetryStorm(refusedThen(2))), ['fail', [3, 4, 5, 6]]);
    const k = new Talk();
    k.open(k.connection(), 0);
    assert.equal(gradeNoRetryStorm(k.t).verdict, 'inconc');
  });
  it('a different request after the refusal is no retry', () => {
    const k = new Talk();
    const c = k.connection();
    k.open(c, 0)
      .msg(c, '>', 100, 'QUERY_AGENT_STATE_REQ', { InvokeID: 2 }, [{ name: 'AgentID', value: '5999' }])
      .msg(c, '<', 101, 'FAILURE_CONF', { InvokeID: 2, Status: 8 });
    for (const [i, id] of ['5001', '5002', '5003'].entries())
      k.msg(c, '>', 102 + i, 'QUERY_AGENT_STATE_REQ', { InvokeID: 3 + i }, [{ name: 'AgentID', value: id }]);
    assert.equal(gradeNoRetryStorm(k.t).verdict, 'pass');
  });
});

describe('ACD-FT-002 / ACD-FT-004: reconnection to the other side', () => {
  it('pass: side A dies, the client opens on B at once', () => {
    const k = new Talk();
    k.open(k.connection(A), 0).open(k.connection(B), 5010);
    assert.deepEqual(verdictOf(gradeReconnect(k.t, [FAIL_A])), ['pass', [3, 4]]);
    assert.deepEqual(verdictOf(gradeAlternate(k.t, [FAIL_A])), ['pass', [3]]);
  });
  it('no-failover: FT-002 fails, FT-004 has nothing to judge', () => {
    const k = new Talk();
    const c = k.connection(A);
    k.open(c, 0).msg(c, '>', 4000, 'HEARTBEAT_REQ', { InvokeID: 2 });
    assert.deepEqual(verdictOf(gradeReconnect(k.t, [FAIL_A])), ['fail', [3]]);
    assert.equal(gradeAlternate(k.t, [FAIL_A]).verdict, 'inconc');
  });
  it('one side only: refused by A (standby), tries A again: both fail', () => {
    const k = new Talk();
    k.open(k.connection(A), 0);
    for (const time of [6000, 6300]) {
      const c = k.connection(A);
      k.msg(c, '>', time, 'OPEN_REQ', { InvokeID: 1 }).msg(c, '<', time, 'FAILURE_CONF', {
        InvokeID: 1,
        Status: 92,
      });
    }
    assert.equal(gradeReconnect(k.t, [FAIL_A]).verdict, 'fail');
    assert.deepEqual(verdictOf(gradeAlternate(k.t, [FAIL_A])), ['fail', [4, 5]]);
  });
  it('a refusal then the other side passes FT-004 without any fault', () => {
    const k = new Talk();
    const c = k.connection(A);
    k.msg(c, '>', 0, 'OPEN_REQ', { InvokeID: 1 }).msg(c, '<', 0, 'FAILURE_CONF', { InvokeID: 1, Status: 92 });
    k.open(k.connection(B), 100);
    assert.deepEqual(verdictOf(gradeAlternate(k.t, [])), ['pass', [2]]);
  });
  it('inconc: no side failed, or it failed while the client was on the other side', () => {
    const k = new Talk();
    k.open(k.connection(B), 0);
    assert.equal(gradeReconnect(k.t, []).verdict, 'inconc');
    assert.equal(gradeReconnect(k.t, [FAIL_A]).verdict, 'inconc');
    assert.equal(gradeAlternate(k.t, [FAIL_A]).verdict, 'inconc');
  });
});

describe('ACD-TPC-013: an agent workstation logs its agent in first', () => {
  const agentTalk = (first: number) => {
    const k = new Talk();
    const c = k.connection();
    k.open(c, 0, 20, 1).msg(c, '>', 10, 'SET_AGENT_STATE_REQ', { InvokeID: 2, AgentState: first });
    return k.t;
  };
  it('pass: LOGIN first; fail: AVAILABLE first; inconc: agent logged in at open, or no request', () => {
    assert.deepEqual(verdictOf(gradeLoginFirst(agentTalk(0))), ['pass', [3]]);
    assert.deepEqual(verdictOf(gradeLoginFirst(agentTalk(3))), ['fail', [2, 3]]);
    const k = new Talk();
    k.open(k.connection(), 0, 20, 3);
    assert.equal(gradeLoginFirst(k.t).verdict, 'inconc');
    const n = new Talk();
    n.open(n.connection(), 0, 20, 1);
    assert.equal(gradeLoginFirst(n.t).verdict, 'inconc');
  });
});
