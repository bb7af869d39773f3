// The modules under mutation testing (issue 8, docs/testing.md "Mutation testing"): each names the
// source files Stryker mutates, the narrowest unit tests that cover them, and the score floor.
// Equivalent mutants are not listed here: each is marked where it lives, with
// `// Stryker disable next-line <Mutator>: equivalent, <reason>`, so the reason moves with the code;
// `npm run mutation` lists them (and fails on a disable comment without a reason).

export interface MutationModule {
  /** What `npm run mutation -- <name>` takes. */
  readonly name: string;
  readonly description: string;
  /** Files Stryker mutates (globs, relative to the repository root). */
  readonly mutate: readonly string[];
  /** The unit tests run against each mutant (files, run with `node --import tsx`). */
  readonly tests: readonly string[];
  /** Minimum score, in percent: killed / (killed + survived + timed out + no coverage). */
  readonly floor: number;
}

/** Permission and restriction checks: a check that can be removed unnoticed is a security defect. */
const PERMISSION_FLOOR = 95;
const CORE_FLOOR = 85;

export const MUTATION_MODULES: readonly MutationModule[] = [
  {
    name: 'sccp-codec',
    description: 'SCCP framing, header versions and message bodies (simulators/sccp)',
    mutate: [
      'simulators/sccp/codec.ts',
      'simulators/sccp/message-codec.ts',
      'simulators/sccp/frame-reader.ts',
      'simulators/sccp/body-reader.ts',
      'simulators/sccp/body-writer.ts',
      'simulators/sccp/field-codecs.ts',
      'simulators/sccp/template-codecs.ts',
      'simulators/sccp/media-codecs.ts',
      'simulators/sccp/ip-address.ts',
      'simulators/sccp/server-list.ts',
      'simulators/sccp/header-version.ts',
      'simulators/sccp/body-sizes.ts',
      'simulators/sccp/decode-memo.ts',
      'simulators/sccp/encode-memo.ts',
      'simulators/sccp/deep-freeze.ts',
    ],
    // The focused unit tests first, the property tests last: a mutant killed early stops there.
    tests: [
      'simulators/sccp/body-sizes.test.ts',
      'simulators/sccp/decode-memo.test.ts',
      'simulators/sccp/encode-memo.test.ts',
      'simulators/sccp/body-writer.test.ts',
      'simulators/sccp/codec.fields.test.ts',
      'simulators/sccp/frame-reader.limits.test.ts',
      'simulators/sccp/codec.test.ts',
      'simulators/sccp/ip-address.test.ts',
      'simulators/sccp/message-ids.test.ts',
      'simulators/sccp/frame-reader.test.ts',
      'simulators/sccp/codec.property.test.ts',
    ],
    floor: CORE_FLOOR,
  },
  {
    name: 'ged188-codec',
    description:
      'GED-188 (CTI Server) framing, fixed and floating fields, versions 19 and 20 (simulators/cti-server)',
    mutate: [
      'simulators/cti-server/message-codec.ts',
      'simulators/cti-server/frame-reader.ts',
      'simulators/cti-server/protocol-version.ts',
      'simulators/cti-server/wire-errors.ts',
    ],
    tests: [
      'simulators/cti-server/message-codec.fields.test.ts',
      'simulators/cti-server/message-codec.limits.test.ts',
      'simulators/cti-server/frame-reader.limits.test.ts',
      'simulators/cti-server/message-codec.golden.test.ts',
      'simulators/cti-server/message-codec.errors.test.ts',
      'simulators/cti-server/frame-reader.test.ts',
      'simulators/cti-server/message-catalogue.test.ts',
      'simulators/cti-server/message-codec.property.test.ts',
    ],
    floor: CORE_FLOOR,
  },
  {
    name: 'csta-codec',
    description: 'ECMA-323 XML decode and encode (simulators/csta)',
    mutate: [
      'simulators/csta/csta-decode.ts',
      'simulators/csta/csta-encode.ts',
      'simulators/csta/xml-text.ts',
      'simulators/csta/device-id.ts',
      'simulators/csta/safe-xml-parse.ts',
      'simulators/csta/xml-names.ts',
      'simulators/csta/rcc-line.ts',
    ],
    tests: [
      'simulators/csta/csta-decode.failures.test.ts',
      'simulators/csta/csta-decode.values.test.ts',
      'simulators/csta/safe-xml-parse.test.ts',
      'simulators/csta/csta-decode.test.ts',
      'simulators/csta/csta-encode.test.ts',
      'simulators/csta/csta-encode.refusals.test.ts',
      'simulators/csta/rcc-line.test.ts',
      'simulators/csta/device-id.test.ts',
      'simulators/csta/xml-text.test.ts',
      'simulators/csta/xml-names.test.ts',
      // Last: a property runs its 100 cases for every mutant it reaches.
      'simulators/csta/csta-codec.property.test.ts',
    ],
    floor: CORE_FLOOR,
  },
  {
    name: 'sip-grammar-cache',
    description:
      'The bounded cache in front of the sip.js grammar: Via branch and CSeq stand-ins, two generations (sip/sip-grammar-cache.ts)',
    mutate: ['simulators/sip/sip-grammar-cache.ts'],
    tests: ['simulators/sip/sip-grammar-cache.test.ts', 'simulators/sip/sip-parser.test.ts'],
    floor: CORE_FLOOR,
  },
  {
    name: 'stream-framing',
    description:
      "The lab's framing of TCP byte streams: SIP by Content-Length, GED-188 by MHDR (lab/stream-framing.ts)",
    mutate: ['simulators/lab/stream-framing.ts'],
    // The focused SIP framer tests first, the fast-check properties last.
    tests: ['simulators/lab/stream-framing.sip.test.ts', 'simulators/lab/stream-framing.test.ts'],
    floor: CORE_FLOOR,
  },
  {
    name: 'tr87-session',
    description:
      "One TR/87 CTI session: INFO handling, events, termination (tr87-session.ts); the client's dead-transport watch",
    mutate: [
      'simulators/tr87/tr87-session.ts',
      'simulators/tr87/session-timer.ts',
      'simulators/tr87/dead-transport-watch.ts',
    ],
    // The fast unit tests first: a mutant they kill never waits for the socket-level ones.
    tests: [
      'simulators/tr87/tr87-session.test.ts',
      'simulators/tr87/session-timer.test.ts',
      'simulators/tr87/tr87-client.dead-transport.test.ts',
      'simulators/tr87/tr87-server.test.ts',
      'simulators/tr87/tr87-session.model.test.ts',
    ],
    floor: CORE_FLOOR,
  },
  {
    name: 'tr87-server',
    description: 'The TR/87 server: INVITE negotiation, session manager registry (tr87-server.ts)',
    mutate: ['simulators/tr87/tr87-server.ts', 'simulators/tr87/session-manager-registry.ts'],
    tests: [
      'simulators/tr87/session-manager-registry.test.ts',
      'simulators/tr87/tr87-server.setup.test.ts',
      'simulators/tr87/tr87-server.test.ts',
    ],
    floor: CORE_FLOOR,
  },
  {
    name: 'sip-transactions',
    description: 'RFC 3261 section 17 client and server transactions and their timers',
    mutate: ['simulators/sip/sip-client-transaction.ts', 'simulators/sip/sip-server-transaction.ts'],
    tests: [
      'simulators/sip/sip-client-transaction.test.ts',
      'simulators/sip/sip-server-transaction.test.ts',
      'simulators/sip/sip-transactions.test.ts',
      'simulators/sip/sip-endpoint-timers.test.ts',
      'simulators/sip/sip-endpoint.test.ts',
    ],
    floor: CORE_FLOOR,
  },
  {
    name: 'sip-dialogs',
    description: 'RFC 3261 section 12-15 dialogs: INVITE client and server, in-dialog requests, BYE',
    mutate: [
      'simulators/sip/sip-dialog.ts',
      'simulators/sip/sip-dialog-layer.ts',
      'simulators/sip/sip-in-dialog-server.ts',
      'simulators/sip/sip-invite-client.ts',
      'simulators/sip/sip-invite-server.ts',
    ],
    tests: [
      'simulators/sip/sip-dialog-uas.test.ts',
      'simulators/sip/sip-dialog-uac.test.ts',
      'simulators/sip/sip-invite-server.test.ts',
      'simulators/sip/sip-content-types.test.ts',
      'simulators/sip/sip-connection-timers.test.ts',
      'simulators/sip/sip-endpoint.test.ts',
      'simulators/sip/sip-endpoint-timers.test.ts',
      'simulators/sip/sip-transactions.test.ts',
      'simulators/sip/sip-dialog-lifetime.test.ts',
      'simulators/sip/sip-dialog-requests.test.ts',
    ],
    floor: CORE_FLOOR,
  },
  {
    name: 'call-model',
    description: 'The shared call model: ECMA-269 connection states, dial plan, call features',
    mutate: [
      'simulators/calls/call-model.ts',
      'simulators/calls/connection-state.ts',
      'simulators/calls/dial-plan.ts',
      'simulators/calls/line-device.ts',
    ],
    tests: [
      'simulators/calls/call-model.test.ts',
      'simulators/calls/call-model.property.test.ts',
      'simulators/calls/call-model.refusals.test.ts',
      'simulators/calls/call-model.originate.test.ts',
      'simulators/calls/call-model.presentation.test.ts',
      'simulators/calls/call-model.single-step-conference.test.ts',
      'simulators/calls/connection-state.test.ts',
      'simulators/calls/line-device.test.ts',
      'simulators/calls/dial-plan.test.ts',
      'simulators/calls/call-park.test.ts',
    ],
    floor: CORE_FLOOR,
  },
  {
    name: 'station-call-control',
    description: 'CME call control: phone input to call model (station/call-control.ts)',
    mutate: ['simulators/station/call-control.ts'],
    // The socket-free rule tests first (milliseconds each): most mutants stop there.
    tests: [
      'simulators/station/call-control.rules.test.ts',
      'simulators/station/call-control.test.ts',
      'simulators/station/call-control.property.test.ts',
      'simulators/station/call-control.park.test.ts',
      'simulators/station/capture-orders.golden.test.ts',
      'simulators/station/station-server.test.ts',
    ],
    floor: CORE_FLOOR,
  },
  {
    name: 'phone-registration',
    description:
      "A simulated phone's side of registration: the handshake, what it sends (constant messages frozen, encoded once), its TCP connection and its ends (simulators/phone)",
    mutate: [
      'simulators/phone/registration.ts',
      'simulators/phone/phone-messages.ts',
      'simulators/phone/call-manager-connection.ts',
    ],
    tests: [
      'simulators/phone/registration.test.ts',
      'simulators/phone/phone-messages.test.ts',
      'simulators/phone/call-manager-connection.test.ts',
      'simulators/phone/phone-local-address.test.ts',
      'simulators/phone/phone.test.ts',
    ],
    floor: CORE_FLOOR,
  },
  {
    name: 'station-session',
    description:
      'A CME station connection: registration answers (soft-key answers encoded once per header version), wire observations built only when wanted (station/registration.ts, station-session.ts, lab/observation.ts)',
    mutate: [
      'simulators/station/registration.ts',
      'simulators/station/station-session.ts',
      'simulators/lab/observation.ts',
    ],
    // The socket-free observation stream tests first.
    tests: [
      'simulators/lab/observation.test.ts',
      'simulators/station/registration.static-answers.test.ts',
      'simulators/station/station-session.local-end.test.ts',
      'simulators/station/station-session.socket-facts.test.ts',
      'simulators/station/station-session.lifecycle.test.ts',
      'simulators/station/registration.answers.test.ts',
      'simulators/station/station-server.test.ts',
      'simulators/station/station-server.listeners.test.ts',
      // The registration answers against the CallManager captures, bad input, slow clients.
      'simulators/station/capture-orders.golden.test.ts',
      'simulators/station/station-server.fuzz.test.ts',
      'simulators/station/station-server.slow-client.test.ts',
    ],
    floor: CORE_FLOOR,
  },
  {
    name: 'cti-restrictions',
    description: 'CME CTI restrictions: client kinds, line ownership, phone models (cti-restrictions.ts)',
    mutate: ['simulators/cme/cti/cti-restrictions.ts'],
    tests: [
      'simulators/cme/cti/cti-restrictions.rules.test.ts',
      'simulators/cme/cti/cti-restrictions.test.ts',
      'simulators/cme/cti/cti-service.test.ts',
    ],
    floor: PERMISSION_FLOOR,
  },
  {
    name: 'sip-digest',
    description: 'SIP digest authentication, server side (sip/sip-digest.ts): an authentication check',
    mutate: ['simulators/sip/sip-digest.ts'],
    tests: ['simulators/sip/sip-digest.edges.test.ts', 'simulators/sip/sip-digest.test.ts'],
    floor: PERMISSION_FLOOR,
  },
  {
    name: 'cucm-permissions',
    description: 'CUCM CTI access control groups and Controlled Devices (cucm/cti-permissions.ts)',
    mutate: ['simulators/cucm/cti-permissions.ts'],
    tests: ['simulators/cucm/cti-permissions.test.ts'],
    floor: PERMISSION_FLOOR,
  },
  {
    name: 'cucm-cti',
    description:
      'The CUCM CTI gateway service layer and CTIManager: sessions, access control on every request, route points, application failure, limits (cucm/cucm-cti.ts, cti-manager.ts)',
    mutate: ['simulators/cucm/cucm-cti.ts', 'simulators/cucm/cti-manager.ts'],
    tests: [
      'simulators/cucm/cucm-cti.test.ts',
      'simulators/cucm/cucm-cti.park.test.ts',
      'simulators/cucm/cti-manager.test.ts',
      'simulators/cucm/cucm-cti.private-data.test.ts',
    ],
    floor: CORE_FLOOR,
  },
];

export function findModule(name: string): MutationModule | undefined {
  return MUTATION_MODULES.find((module) => module.name === name);
}

/**
 * The `--mutate` patterns (`file` or `file:from-to`) that name a file outside `module`'s own: its
 * tests were not chosen for that file, so its mutants would be scored against tests that never
 * meant to cover them (a stream-framing.ts trial run through another module's tests scored
 * survivors that its own tests kill).
 */
export function outsideModule(module: MutationModule, patterns: readonly string[]): string[] {
  return patterns.filter((pattern) => !module.mutate.includes(pattern.replace(/:\d+(?:-\d+)?$/, '')));
}
