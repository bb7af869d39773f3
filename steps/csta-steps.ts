import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import { runConsoleCommand } from '../bin/cme-console.ts';
import type { CtiSessionRow } from '../simulators/cme/cti/cti-session.ts';
import { errorCategory, errorValue } from '../simulators/csta/csta-error-code.ts';
import { CSTA_NAMESPACES, type CstaEdition } from '../simulators/csta/csta-namespaces.ts';
import type {
  CstaEvent,
  CstaRequest,
  GetCSTAFeaturesResponse,
  SnapshotDeviceResponseInfo,
} from '../simulators/csta/csta-types.ts';
import { systemClock } from '../simulators/lab/clock.ts';
import { SipEndpoint } from '../simulators/sip/sip-endpoint.ts';
import { Tr87Client, type Tr87RegisterResult } from '../simulators/tr87/tr87-client.ts';
import { CstaRequestError, Tr87SetupError } from '../simulators/tr87/tr87-errors.ts';
import { pixitLine, pixitSip, pixitUser } from './pixit-target.ts';
import type { LabWorld } from './world.ts';

/**
 * CSTA (TR/87) steps: CTI clients with sessions on lines of the scenario's CME, their monitors,
 * the CSTA services of CME CSTA guide Table 1, and the administration commands. A request is made by
 * the client whose session is on the device the step names (else the last client set up).
 */
interface CtiParty {
  readonly name: string;
  readonly client: Tr87Client;
  readonly line: string;
}

interface CtiState {
  readonly parties: Map<string, CtiParty>;
  current: CtiParty | undefined;
  /** device -> its monitor (the party holding it, the cross-ref id, events already checked). */
  readonly monitors: Map<string, { party: CtiParty; ref: string; seen: number }>;
  /** An error of the last request, to be checked by a "refused" step before anything else. */
  pendingError: Error | undefined;
  features: GetCSTAFeaturesResponse | undefined;
  lastAnswer: unknown;
  registration: Tr87RegisterResult | undefined;
  appEndpoint: SipEndpoint | undefined;
  /** The id `show cti session` printed for the session the administrator looked up. */
  consoleId: number | undefined;
}

const states = new WeakMap<LabWorld, CtiState>();

function cti(world: LabWorld): CtiState {
  let s = states.get(world);
  if (!s) {
    const state: CtiState = {
      parties: new Map(),
      current: undefined,
      monitors: new Map(),
      pendingError: undefined,
      features: undefined,
      lastAnswer: undefined,
      registration: undefined,
      appEndpoint: undefined,
      consoleId: undefined,
    };
    s = state;
    states.set(world, s);
    world.cleanups.push(async () => {
      // Sessions the CME already ended (expiry, clear cti session) close without error.
      await Promise.allSettled([...state.parties.values()].map((p) => p.client.close()));
      await state.appEndpoint?.close();
    });
  }
  return s;
}

/** Fail a step that follows a refused request nobody checked. */
export function noPendingError(world: LabWorld): CtiState {
  const s = cti(world);
  if (s.pendingError) {
    const e = s.pendingError;
    s.pendingError = undefined;
    throw new Error(`an earlier CTI request failed: ${e.message}`);
  }
  return s;
}

function sipOf(world: LabWorld): { host: string; port: number } {
  if (world.pixit) return pixitSip(world.pixit);
  const sip = world.cme().endpoints.sip;
  if (!sip) throw new Error('the CME serves no CTI (no SIP endpoint)');
  return sip;
}

type Flavour = {
  transport?: 'udp' | 'tcp';
  edition?: CstaEdition;
  moc?: boolean;
  autoRefresh?: boolean;
  /** Connect to this host instead of the SIP endpoint's own (its port is kept). */
  host?: string;
};

async function connect(world: LabWorld, name: string, line: string, f: Flavour = {}): Promise<Tr87Client> {
  const sip = sipOf(world);
  // A real target (steps/pixit-target.ts): its transport, users and DNs from the PIXIT, real time.
  const target = world.pixit;
  const transport = f.transport ?? (target ? pixitSip(target).transport : 'tcp');
  if (transport === 'tls') throw new Error('TR/87 over TLS: this build has no TLS client');
  return Tr87Client.connect({
    host: f.host ?? sip.host,
    port: sip.port,
    transport,
    user: pixitUser(target, name),
    line: pixitLine(target, line),
    clock: target ? systemClock : world.clock,
    autoRefresh: f.autoRefresh ?? true,
    ...(f.edition ? { namespace: CSTA_NAMESPACES[f.edition] } : {}),
    // ECMA TR/87 (client practice: pidgin-sipe sip-csta.c): OCS sends its line in <lcs:line> and a Microsoft User-Agent.
    ...(f.moc ? { ocsLine: `tel:${line}`, userAgent: 'RTCC/3.5.0.0 Microsoft Office Communicator' } : {}),
  });
}

async function addParty(world: LabWorld, name: string, line: string, f: Flavour = {}): Promise<CtiParty> {
  const s = noPendingError(world);
  const party = { name, line, client: await connect(world, name, line, f) };
  s.parties.set(name, party);
  s.current = party;
  return party;
}

async function trySession(world: LabWorld, name: string, line: string, f: Flavour = {}): Promise<void> {
  const s = noPendingError(world);
  try {
    await addParty(world, name, line, f);
  } catch (e) {
    s.pendingError = e as Error;
  }
}

function current(world: LabWorld): CtiParty {
  const p = cti(world).current;
  if (!p) throw new Error('no CTI client in this scenario');
  return p;
}

function party(world: LabWorld, name: string): CtiParty {
  const p = cti(world).parties.get(name);
  if (!p) throw new Error(`no CTI client "${name}"`);
  return p;
}

/** The party acting on `device`: the one whose session is on it, else the current one. */
export function actorFor(world: LabWorld, device: string): CtiParty {
  for (const p of cti(world).parties.values()) if (p.line === device) return p;
  return current(world);
}

export async function request(world: LabWorld, actor: CtiParty, req: CstaRequest): Promise<void> {
  const s = noPendingError(world);
  try {
    s.lastAnswer = await actor.client.request(req);
  } catch (e) {
    s.pendingError = e as Error;
  }
}

async function monitor(world: LabWorld, p: CtiParty, device: string): Promise<void> {
  const s = noPendingError(world);
  try {
    const ref = await p.client.monitorStart(pixitLine(world.pixit, device));
    assert.ok(ref.length > 0, 'MonitorStartResponse carries a monitorCrossRefID');
    s.monitors.set(device, { party: p, ref, seen: p.client.events.length });
  } catch (e) {
    s.pendingError = e as Error;
  }
}

/** The calls of a DN in the CME's call model (connection states as the model names them). */
function callsOf(world: LabWorld, dn: string) {
  return world.cme().calls.model.snapshotDevice(dn);
}

/**
 * The connection of the last call of `dn` (in one of `states`): from the lab's call model, or on a
 * real target (steps/pixit-target.ts) from a CSTA SnapshotDevice of the client acting on `dn`.
 */
async function callOf(
  world: LabWorld,
  dn: string,
  states?: readonly string[],
): Promise<{ callID?: string; deviceID?: string }> {
  if (world.pixit) return snapshotCallOf(world, dn, states);
  const calls = callsOf(world, dn).filter((c) => !states || states.includes(c.localConnectionState));
  const c = calls.at(-1);
  if (!c) throw new Error(`${dn} has no call${states ? ` in state ${states.join('/')}` : ''}`);
  return { callID: c.callID, deviceID: dn };
}

async function snapshotCallOf(
  world: LabWorld,
  dn: string,
  states?: readonly string[],
): Promise<{ callID?: string; deviceID?: string }> {
  const answer = (await actorFor(world, dn).client.request({
    type: 'SnapshotDevice',
    snapshotObject: pixitLine(world.pixit, dn),
  })) as { crossRefIDorSnapshotData?: { snapshotData?: SnapshotDeviceResponseInfo[] } };
  const items = (answer.crossRefIDorSnapshotData?.snapshotData ?? []).filter((i) => {
    const l = i.localCallState;
    const state = l === undefined ? undefined : 'compoundCallState' in l ? l.compoundCallState[0] : undefined;
    return !states || (state !== undefined && states.includes(state));
  });
  const c = items.at(-1);
  if (!c)
    throw new Error(`${dn} has no call${states ? ` in state ${states.join('/')}` : ''} (SnapshotDevice)`);
  return c.connectionIdentifier;
}

/** `tel:203;phone-context=dialstring` -> `203` (device ids as the CME converts them). */
const bare = (id: string) => id.replace(/^(?:tel|sip):/, '').replace(/[;@].*$/, '');

const short = (type: string) => type.replace(/Event$/, '');

function eventsOfMonitor(world: LabWorld, device: string): { list: CstaEvent[]; mark: () => void } {
  const m = cti(world).monitors.get(device);
  if (!m) throw new Error(`no monitor on ${device}`);
  const list = m.party.client.events
    .slice(m.seen)
    .filter((e) => (e as { monitorCrossRefID?: string }).monitorCrossRefID === m.ref);
  const mark = () => {
    m.seen = m.party.client.events.length;
  };
  return { list, mark };
}

async function settle(ms = 60): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

async function waitFor(pred: () => boolean, timeoutMs = 3000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
}

function codeText(e: Error): string | undefined {
  const code = e instanceof CstaRequestError ? e.code : e instanceof Tr87SetupError ? e.code : undefined;
  return code ? `${errorCategory(code)}/${String(errorValue(code))}` : undefined;
}

// ------------------------------------------------------------------ sessions

Given(
  'a CTI client {string} with a session on line {string}',
  async function (this: LabWorld, n: string, l: string) {
    await addParty(this, n, l);
  },
);

// CME CSTA guide "Enable CTI CSTA": the CTI interface is reached at the router address of
// telephony-service `ip source-address`; in the lab that is the host the SCCP listener is on.
Given(
  'a CTI client {string} with a session on line {string} at the SCCP listener address',
  async function (this: LabWorld, n: string, l: string) {
    await addParty(this, n, l, { host: this.cme().endpoints.sccp.host });
  },
);

Then('the CTI interface listens on the address of the SCCP listener', function (this: LabWorld) {
  const { sccp, sip } = this.cme().endpoints;
  assert.ok(sip, 'the CME serves no CTI (no SIP endpoint)');
  assert.equal(sip.host, sccp.host);
});

Given(
  'a CTI client {string} with a session on line {string} over UDP',
  async function (this: LabWorld, n: string, l: string) {
    await addParty(this, n, l, { transport: 'udp' });
  },
);

Given(
  'a CTI client {string} speaking CSTA {word} with a session on line {string}',
  async function (this: LabWorld, n: string, edition: string, l: string) {
    assert.ok(edition in CSTA_NAMESPACES, `unknown CSTA edition ${edition}`);
    await addParty(this, n, l, { edition: edition as CstaEdition });
  },
);

Given(
  'a MOC client {string} with a session on line {string}',
  async function (this: LabWorld, n: string, l: string) {
    await addParty(this, n, l, { moc: true });
  },
);

Given(
  'a CTI client {string} with a session on line {string} that it does not refresh',
  async function (this: LabWorld, n: string, l: string) {
    await addParty(this, n, l, { autoRefresh: false });
  },
);

Given(
  'CTI clients with sessions and monitors on lines {string}',
  async function (this: LabWorld, lines: string) {
    for (const l of lines.split(/\s*,\s*/)) {
      const p = await addParty(this, `app-${l}`, l);
      await monitor(this, p, l);
    }
    noPendingError(this);
  },
);

When(
  'the CTI client {string} asks for a session on line {string}',
  async function (this: LabWorld, n: string, l: string) {
    await trySession(this, n, l);
  },
);

When(
  'a MOC client {string} asks for a session on line {string}',
  async function (this: LabWorld, n: string, l: string) {
    await trySession(this, n, l, { moc: true });
  },
);

Then('the session is up with system status normal', function (this: LabWorld) {
  noPendingError(this);
  const p = current(this);
  // Tr87Client.connect resolves only on a 200 carrying SystemStatus normal (else it throws).
  assert.equal(p.client.state, 'active');
  // A real target is seen through its protocols only: the 200 with SystemStatus normal.
  if (this.pixit) return;
  const row = this.cme()
    .cti!.sessions()
    .find((r) => bare(r.user) === p.name);
  assert.ok(row, `the CME lists no session of ${p.name}`);
  assert.equal(row.dn, p.line, 'the To header names the controlled line');
});

Then('the session has a timer of {int} seconds', function (this: LabWorld, seconds: number) {
  assert.equal(current(this).client.sessionExpires, seconds);
});

Then('the session is refused with {string}', function (this: LabWorld, expected: string) {
  const s = cti(this);
  const e = s.pendingError;
  s.pendingError = undefined;
  assert.ok(e, 'the session was set up');
  assert.ok(
    e instanceof Tr87SetupError || e instanceof CstaRequestError,
    `unexpected ${e.name}: ${e.message}`,
  );
  assert.equal(codeText(e), expected);
});

Then('the request is refused with {string}', function (this: LabWorld, expected: string) {
  const s = cti(this);
  const e = s.pendingError;
  s.pendingError = undefined;
  assert.ok(e, `the request was accepted: ${JSON.stringify(s.lastAnswer)}`);
  assert.ok(e instanceof CstaRequestError, `unexpected ${e.name}: ${e.message}`);
  assert.equal(codeText(e), expected);
});

When('the client ends the session', async function (this: LabWorld) {
  await current(this).client.close();
});

Then('the session has ended', async function (this: LabWorld) {
  const p = current(this);
  assert.ok(await waitFor(() => p.client.state === 'ended'), 'the client still has its session');
  await settle();
  if (this.pixit) return;
  const rows = this.cme().cti!.sessions();
  assert.ok(!rows.some((r) => bare(r.user) === p.name), `the CME still lists the session of ${p.name}`);
});

Then('the session of client {string} is still up', function (this: LabWorld, n: string) {
  const p = party(this, n);
  assert.equal(p.client.state, 'active');
  if (this.pixit) return;
  assert.ok(
    this.cme()
      .cti!.sessions()
      .some((r) => bare(r.user) === p.name),
  );
});

Then('the session of client {string} has ended', async function (this: LabWorld, n: string) {
  const p = party(this, n);
  assert.ok(await waitFor(() => p.client.state === 'ended'), `${n} still has its session`);
  assert.ok(
    !this.cme()
      .cti!.sessions()
      .some((r) => bare(r.user) === p.name),
  );
});

Then('the client has refreshed the session', function (this: LabWorld) {
  assert.ok(current(this).client.refreshes > 0, 'no re-INVITE was sent');
});

// ------------------------------------------------------------------ features and monitors

When('the client asks for the CSTA features', async function (this: LabWorld) {
  const s = noPendingError(this);
  s.features = await current(this).client.getFeatures();
});

function featureNames(f: GetCSTAFeaturesResponse | undefined, what: 'services' | 'events'): string[] {
  assert.ok(f, 'no GetCSTAFeatures answer');
  const groups = what === 'services' ? f.supportedServices : f.supportedEvents;
  return (groups ?? []).flatMap((g) => g.features.filter((x) => x.supported).map((x) => x.name));
}

Then('the CSTA services are exactly {string}', function (this: LabWorld, list: string) {
  const want = list.split(/\s*,\s*/).sort();
  assert.deepEqual(featureNames(cti(this).features, 'services').sort(), want);
});

Then('the CSTA events include {string}', function (this: LabWorld, list: string) {
  const have = featureNames(cti(this).features, 'events');
  for (const e of list.split(/\s*,\s*/)) assert.ok(have.includes(e), `${e} missing from ${have.join(', ')}`);
});

Then('the CSTA events do not include {string}', function (this: LabWorld, e: string) {
  assert.ok(!featureNames(cti(this).features, 'events').includes(e));
});

When('the client starts a monitor on {string}', async function (this: LabWorld, device: string) {
  await monitor(this, current(this), device);
});

When('the client stops the monitor on {string}', async function (this: LabWorld, device: string) {
  const m = cti(this).monitors.get(device);
  if (!m) throw new Error(`no monitor on ${device}`);
  await m.party.client.monitorStop(m.ref);
});

/**
 * Checks that the monitor on `device` reported exactly `list` (event names without `Event`, comma
 * separated) since the last check, marks them read and returns them.
 */
export async function expectMonitorEvents(
  world: LabWorld,
  device: string,
  list: string,
): Promise<CstaEvent[]> {
  noPendingError(world);
  const want = list.split(/\s*,\s*/);
  await waitFor(() => eventsOfMonitor(world, device).list.length >= want.length);
  await settle();
  const { list: got, mark } = eventsOfMonitor(world, device);
  assert.deepEqual(
    got.map((e) => short(e.type)),
    want,
  );
  mark();
  return got;
}

Then(
  'the monitor on {string} reports {string}',
  async function (this: LabWorld, device: string, list: string) {
    await expectMonitorEvents(this, device, list);
  },
);

Then('the monitor on {string} reports nothing', async function (this: LabWorld, device: string) {
  noPendingError(this);
  await settle(150);
  const { list, mark } = eventsOfMonitor(this, device);
  assert.deepEqual(
    list.map((e) => short(e.type)),
    [],
  );
  mark();
});

Then('the client received no events', async function (this: LabWorld) {
  await settle(150);
  assert.deepEqual(
    current(this).client.events.map((e) => e.type),
    [],
  );
});

// ------------------------------------------------------------------ services (CME CSTA guide Table 1)

When(
  'the client makes a call from {string} to {string}',
  async function (this: LabWorld, a: string, b: string) {
    const req: CstaRequest = {
      type: 'MakeCall',
      callingDevice: a,
      calledDirectoryNumber: b,
      autoOriginate: 'doNotPrompt',
    };
    await request(this, actorFor(this, a), req);
  },
);

When(
  'the client makes a prompted call from {string} to {string}',
  async function (this: LabWorld, a: string, b: string) {
    const req: CstaRequest = {
      type: 'MakeCall',
      callingDevice: a,
      calledDirectoryNumber: b,
      autoOriginate: 'prompt',
    };
    await request(this, actorFor(this, a), req);
  },
);

When('the client answers the call on {string}', async function (this: LabWorld, d: string) {
  await request(this, actorFor(this, d), {
    type: 'AnswerCall',
    callToBeAnswered: await callOf(this, d, ['alerting']),
  });
});

When('the client clears the call on {string}', async function (this: LabWorld, d: string) {
  await request(this, actorFor(this, d), {
    type: 'ClearConnection',
    connectionToBeCleared: await callOf(this, d, ['connected', 'initiated']),
  });
});

When('the client holds the call on {string}', async function (this: LabWorld, d: string) {
  await request(this, actorFor(this, d), {
    type: 'HoldCall',
    callToBeHeld: await callOf(this, d, ['connected']),
  });
});

When('the client retrieves the call on {string}', async function (this: LabWorld, d: string) {
  await request(this, actorFor(this, d), { type: 'RetrieveCall', callToBeRetrieved: await callOf(this, d) });
});

When(
  'the client deflects the call on {string} to {string}',
  async function (this: LabWorld, d: string, to: string) {
    await request(this, actorFor(this, d), {
      type: 'DeflectCall',
      callToBeDiverted: await callOf(this, d),
      newDestination: to,
    });
  },
);

When(
  'the client transfers the call on {string} to {string} in a single step',
  async function (this: LabWorld, d: string, to: string) {
    await request(this, actorFor(this, d), {
      type: 'SingleStepTransferCall',
      activeCall: await callOf(this, d, ['connected']),
      transferredTo: to,
    });
  },
);

When('the client consults {string} from {string}', async function (this: LabWorld, to: string, d: string) {
  await request(this, actorFor(this, d), {
    type: 'ConsultationCall',
    existingCall: await callOf(this, d, ['connected']),
    consultedDevice: to,
  });
});

When('the client completes the transfer on {string}', async function (this: LabWorld, d: string) {
  await request(this, actorFor(this, d), {
    type: 'TransferCall',
    heldCall: await callOf(this, d, ['hold']),
    activeCall: await callOf(this, d, ['connected']),
  });
});

When('the client alternates the calls on {string}', async function (this: LabWorld, d: string) {
  await request(this, actorFor(this, d), {
    type: 'AlternateCall',
    heldCall: await callOf(this, d, ['hold']),
    activeCall: await callOf(this, d, ['connected']),
  });
});

When('the client reconnects the held call on {string}', async function (this: LabWorld, d: string) {
  await request(this, actorFor(this, d), {
    type: 'ReconnectCall',
    activeCall: await callOf(this, d, ['connected']),
    heldCall: await callOf(this, d, ['hold']),
  });
});

When(
  'the client sends the digits {string} on {string}',
  async function (this: LabWorld, digits: string, d: string) {
    await request(this, actorFor(this, d), {
      type: 'GenerateDigits',
      connectionToSendDigits: await callOf(this, d, ['connected']),
      charactersToSend: digits,
    });
  },
);

When(
  'the client turns do not disturb {word} on {string}',
  async function (this: LabWorld, on: string, d: string) {
    await request(this, actorFor(this, d), {
      type: 'SetDoNotDisturb',
      device: pixitLine(this.pixit, d),
      doNotDisturbOn: on === 'on',
    });
  },
);

Then('do not disturb on {string} is {word}', async function (this: LabWorld, d: string, on: string) {
  await request(this, actorFor(this, d), { type: 'GetDoNotDisturb', device: d });
  noPendingError(this);
  assert.equal((cti(this).lastAnswer as { doNotDisturbOn?: boolean }).doNotDisturbOn, on === 'on');
});

When(
  'the client forwards all calls of {string} to {string}',
  async function (this: LabWorld, d: string, to: string) {
    await request(this, actorFor(this, d), {
      type: 'SetForwarding',
      device: d,
      forwardingType: 'forwardImmediate',
      activateForward: true,
      forwardDN: to,
    } as CstaRequest);
  },
);

When('the client cancels call forwarding on {string}', async function (this: LabWorld, d: string) {
  await request(this, actorFor(this, d), {
    type: 'SetForwarding',
    device: d,
    forwardingType: 'forwardImmediate',
    activateForward: false,
  } as CstaRequest);
});

When(
  'the client forwards busy calls of {string} to {string}',
  async function (this: LabWorld, d: string, to: string) {
    await request(this, actorFor(this, d), {
      type: 'SetForwarding',
      device: d,
      forwardingType: 'forwardBusy',
      activateForward: true,
      forwardDN: to,
    } as CstaRequest);
  },
);

Then('the forwarding of {string} is {string}', async function (this: LabWorld, d: string, expected: string) {
  await request(this, actorFor(this, d), { type: 'GetForwarding', device: d });
  noPendingError(this);
  const answer = cti(this).lastAnswer as {
    forwardingList?: { forwardingType?: string; forwardStatus?: boolean; forwardDN?: string }[];
  };
  const active = (answer.forwardingList ?? [])
    .filter((f) => f.forwardStatus)
    .map((f) => `${f.forwardingType} ${bare(f.forwardDN ?? '')}`.trim());
  assert.deepEqual(active, expected === 'off' ? [] : [expected]);
});

When(
  'the client turns the message waiting lamp {word} on {string}',
  async function (this: LabWorld, on: string, d: string) {
    await request(this, actorFor(this, d), {
      type: 'SetMessageWaitingIndicator',
      device: d,
      messageWaitingOn: on === 'on',
    });
  },
);

Then(
  'phone {int} shows the message waiting lamp {word}',
  async function (this: LabWorld, tag: number, on: string) {
    const p = this.existingPhone(tag);
    const lit = (lamps: Record<string, string>) =>
      Object.entries(lamps).some(([k, v]) => k.startsWith('VoiceMail') && v !== 'Off');
    await p.waitFor((s) => lit(s.lamps) === (on === 'on'), 3000, `message waiting lamp ${on}`);
  },
);

When('the client takes a snapshot of {string}', async function (this: LabWorld, d: string) {
  await request(this, actorFor(this, d), { type: 'SnapshotDevice', snapshotObject: d });
});

Then('the snapshot lists {int} call(s)', function (this: LabWorld, n: number) {
  noPendingError(this);
  const a = cti(this).lastAnswer as { type: string; crossRefIDorSnapshotData?: { snapshotData?: unknown[] } };
  assert.equal(a.type, 'SnapshotDeviceResponse');
  assert.equal((a.crossRefIDorSnapshotData?.snapshotData ?? []).length, n);
});

Then('the client request was accepted', function (this: LabWorld) {
  noPendingError(this);
});

// ------------------------------------------------------------------ administration

/** The router console's answer to `show cti session` (bin/cme-console.ts), as rows. */
async function showCtiSession(world: LabWorld): Promise<CtiSessionRow[]> {
  const shown = await runConsoleCommand(world.cme(), 'show cti session');
  assert.ok(shown.ok, `show cti session failed: ${JSON.stringify(shown)}`);
  return shown.result as CtiSessionRow[];
}

/** `clear cti session id N` on the router console; fails the step when the CME refuses it. */
async function clearCtiSession(world: LabWorld, id: number): Promise<void> {
  const cleared = await runConsoleCommand(world.cme(), `clear cti session id ${id}`);
  assert.deepEqual(cleared, { command: `clear cti session id ${id}`, ok: true, result: { cleared: id } });
}

Then('show cti session lists {string}', async function (this: LabWorld, list: string) {
  noPendingError(this);
  await settle();
  const users = (await showCtiSession(this)).map((r) => `${r.id}:${bare(r.user)}`);
  assert.deepEqual(users, list === 'nothing' ? [] : list.split(/\s*,\s*/));
});

When('the administrator clears CTI session {int}', async function (this: LabWorld, id: number) {
  await clearCtiSession(this, id);
});

When(
  'the administrator looks up the session of client {string} with show cti session',
  async function (this: LabWorld, n: string) {
    const s = noPendingError(this);
    const rows = await showCtiSession(this);
    const row = rows.find((r) => bare(r.user) === party(this, n).name);
    assert.ok(row, `show cti session does not list ${n}: ${JSON.stringify(rows)}`);
    s.consoleId = row.id;
  },
);

When('the administrator clears that session with clear cti session id N', async function (this: LabWorld) {
  const id = cti(this).consoleId;
  assert.ok(id !== undefined, 'no session was looked up with show cti session');
  await clearCtiSession(this, id);
});

Then('the CME ended the session of client {string} with a BYE', async function (this: LabWorld, n: string) {
  const p = party(this, n);
  assert.ok(await waitFor(() => p.client.state === 'ended'), `${n} still has its session`);
  assert.equal(p.client.endReason, 'bye-received');
});

When('emadmin logs in {string} on ephone {int}', function (this: LabWorld, user: string, tag: number) {
  const r = this.cme().cti!.emLogin(user, tag);
  assert.deepEqual(r, { ok: true, value: tag }, JSON.stringify(r));
});

When('emadmin logs out {string}', function (this: LabWorld, user: string) {
  const r = this.cme().cti!.emLogout(user);
  assert.equal(r.ok, true, JSON.stringify(r));
});

Then('phone {int} has the lines {string}', async function (this: LabWorld, tag: number, list: string) {
  const name = this.existingPhone(tag).deviceName;
  const want = list.split(/\s*,\s*/);
  const dns = () =>
    this.cme()
      .node.appearances.linesOf(name)
      .flatMap((l) => l.dns);
  await waitFor(() => JSON.stringify(dns()) === JSON.stringify(want));
  assert.deepEqual(dns(), want);
});

// ------------------------------------------------------------------ session managers

When(
  'the application registers as {string} for {int} seconds',
  async function (this: LabWorld, registerId: string, expires: number) {
    const s = cti(this);
    s.appEndpoint ??= await SipEndpoint.start({ name: 'csta-app', clock: this.clock });
    s.registration = await Tr87Client.register({
      ...sipOf(this),
      endpoint: s.appEndpoint,
      registerId,
      expires,
    });
  },
);

Then('the registration is accepted for {int} seconds', function (this: LabWorld, expires: number) {
  const r = cti(this).registration;
  assert.equal(r?.status, 200);
  assert.equal(r.expires, expires);
});

Then(
  'the registration is refused with {int} and Min-Expires {int}',
  function (this: LabWorld, status: number, min: number) {
    const r = cti(this).registration;
    assert.ok(r, 'no REGISTER was sent');
    assert.equal(r.status, status);
    // RFC 3261 §10.3 step 7: a 423 carries the registrar's Min-Expires.
    assert.equal(r.response.header('min-expires'), String(min));
  },
);

Then('the CME lists the session manager {string} as registered', function (this: LabWorld, id: string) {
  const rows = this.cme().tr87!.sessionManagers();
  const row = rows.find((r) => (r as { registerId?: string }).registerId === id);
  assert.ok(row, `no session manager ${id} in ${JSON.stringify(rows)}`);
  assert.equal((row as { registered?: boolean }).registered, true, JSON.stringify(row));
});

Then('the CME lists the session manager {string} as not registered', function (this: LabWorld, id: string) {
  const row = this.cme()
    .tr87!.sessionManagers()
    .find((r) => r.registerId === id);
  assert.ok(row, `no session manager ${id}`);
  assert.equal(row.registered, false, JSON.stringify(row));
});

Then(
  'the monitor on {string} names the device {string}',
  function (this: LabWorld, device: string, id: string) {
    const m = cti(this).monitors.get(device);
    if (!m) throw new Error(`no monitor on ${device}`);
    const mine = m.party.client.events.filter(
      (e) => (e as { monitorCrossRefID?: string }).monitorCrossRefID === m.ref,
    );
    const first = mine[0] as
      | { callingDevice?: { deviceIdentifier?: string }; initiatedCall?: unknown }
      | undefined;
    const text = JSON.stringify(first);
    assert.ok(text?.includes(`"${id}"`), `the first event does not name ${id}: ${text}`);
    assert.ok(
      !text.includes(id === '201' ? 'tel:201' : '"201"'),
      `the first event also names another form: ${text}`,
    );
  },
);

Then('the CME sees client {string} as a {word} client', function (this: LabWorld, n: string, kind: string) {
  const row = this.cme()
    .cti!.sessions()
    .find((r) => bare(r.user) === n);
  assert.ok(row, `no CTI session of ${n}`);
  assert.equal(row.client, kind);
});
