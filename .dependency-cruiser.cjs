// The dependency rules of the code (docs/architecture.md "Layers"), checked by `npm run deps`
// (part of `npm test`). Layers point one way:
//
//   lab (clock, observations, pcap)            <- everything may use it
//   sccp (codec) | csta (codec) | cti-server (GED-188 codec) | calls (call model)
//   phone (simulated SCCP phone)  station (call-agent side of SCCP)  sip (transport, no CSTA)
//   tr87 (CSTA over SIP, on its backend interface)
//   cme (config/, cti/, tftp/, cme.ts)  [cucm, acd beside it]
//   topology (lab files) -> runtime (embedded, process; starts nodes and phones)
//   dashboard (live page of a lab: reads phones, call model, observations; opened by bin/ only)
//   testing (test support) -> steps, *.test.ts only
//   bin, bench, conformance, steps on top
const NODES = '^simulators/(cme|cucm|acd|acd-cti)/';
const TEST_FILE = '\\.test\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles hide layering mistakes and make modules impossible to test alone.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve is a typo or a file that moved.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'csta-is-a-pure-codec',
      severity: 'error',
      comment: 'simulators/csta is the ECMA-323 codec: no SIP, no TR/87, no node, no call model, no I/O.',
      from: { path: '^simulators/csta/', pathNot: TEST_FILE },
      to: {
        path: [
          '^simulators/(?!csta/)',
          '^(bin|bench|conformance|steps|features)/',
          '^(node:)?(net|dgram|fs|child_process|http|https|tls)$',
        ],
      },
    },
    {
      name: 'sccp-is-a-pure-codec',
      severity: 'error',
      comment:
        'simulators/sccp is the SCCP codec only: the phone and the station side use it, not the reverse.',
      from: { path: '^simulators/sccp/', pathNot: TEST_FILE },
      to: { path: ['^simulators/(?!sccp/)', '^(node:)?(dgram|child_process|fs)$'] },
    },
    {
      name: 'cti-server-wire-is-a-pure-codec',
      severity: 'error',
      comment:
        'simulators/cti-server is the GED-188 (UCCE CTI Server) wire layer: catalogue, codec, framing. ' +
        'It imports nothing of simulators/ but lab/, and no I/O: the server and the ACD use it, not the reverse.',
      from: {
        path: '^simulators/cti-server/',
        pathNot: [TEST_FILE, '^simulators/cti-server/(server|client)/'],
      },
      to: {
        path: [
          '^simulators/(?!cti-server/|lab/)',
          '^simulators/cti-server/(server|client)/',
          '^(bin|bench|conformance|steps|features)/',
          '^(node:)?(net|dgram|fs|child_process|http|https|tls)$',
        ],
      },
    },
    {
      name: 'cti-server-sessions-on-the-wire',
      severity: 'error',
      comment:
        'simulators/cti-server/server (the CTI Server sides, sessions, duplex) and client/ (a CTI client) ' +
        'use the wire layer, lab/ and node:net; they know no node (the ACD is reached through ' +
        'server/cti-peripheral.ts) and not each other.',
      from: { path: '^simulators/cti-server/(server|client)/', pathNot: TEST_FILE },
      to: {
        path: [
          '^simulators/(?!cti-server/|lab/)',
          '^(bin|bench|conformance|steps|features)/',
          '^(node:)?(dgram|fs|child_process|http|https|tls)$',
        ],
      },
    },
    {
      name: 'cti-server-and-client-apart',
      severity: 'error',
      comment: 'The CTI Server and the CTI client share only the wire layer.',
      from: { path: '^simulators/cti-server/server/', pathNot: TEST_FILE },
      to: { path: '^simulators/cti-server/client/' },
    },
    {
      name: 'cti-client-apart-from-server',
      severity: 'error',
      comment: 'The CTI client talks to a CTI Server only over TCP: it imports nothing of server/.',
      from: { path: '^simulators/cti-server/client/', pathNot: TEST_FILE },
      to: { path: '^simulators/cti-server/server/' },
    },
    {
      name: 'sip-knows-nothing-of-csta',
      severity: 'error',
      comment: 'simulators/sip is a SIP stack: it may not know CSTA, TR/87 or any node.',
      from: { path: '^simulators/sip/', pathNot: TEST_FILE },
      to: { path: '^simulators/(?!sip/|lab/)' },
    },
    {
      name: 'tr87-only-on-its-backend',
      severity: 'error',
      comment: 'TR/87 drives a CtiBackend (tr87/cti-backend.ts); it knows no node and no call model.',
      from: { path: '^simulators/tr87/', pathNot: TEST_FILE },
      to: { path: '^simulators/(?!tr87/|sip/|csta/|lab/)' },
    },
    {
      name: 'calls-is-the-shared-model',
      severity: 'error',
      comment:
        'The call model is shared by every node and knows none of them, nor any protocol. One exception: ' +
        'the ECMA-269 connection states are listed once, in csta/csta-enums.ts (a leaf of plain value ' +
        'lists), and calls/connection-state.ts uses that list instead of keeping a second copy; csta/ ' +
        'may not import calls/, so the one list has to live on the codec side.',
      from: { path: '^simulators/calls/', pathNot: TEST_FILE },
      to: { path: '^simulators/(?!calls/|lab/)', pathNot: '^simulators/csta/csta-enums\\.ts$' },
    },
    {
      name: 'csta-enums-is-a-leaf',
      severity: 'error',
      comment:
        'csta/csta-enums.ts is imported by the call model (see calls-is-the-shared-model): it imports nothing.',
      from: { path: '^simulators/csta/csta-enums\\.ts$' },
      to: { path: '.' },
    },
    {
      name: 'phone-is-a-device',
      severity: 'error',
      comment: 'The simulated phone speaks SCCP to any call agent; it knows no node.',
      from: { path: '^simulators/phone/', pathNot: TEST_FILE },
      to: { path: '^simulators/(?!phone/|sccp/|lab/)' },
    },
    {
      name: 'station-is-shared-by-nodes',
      severity: 'error',
      comment: 'The station kit (call-agent side of SCCP) is shared by CME and CUCM and knows neither.',
      from: { path: '^simulators/station/', pathNot: TEST_FILE },
      to: { path: '^simulators/(?!station/|sccp/|calls/|lab/)' },
    },
    {
      name: 'cti-service-only-on-its-ports',
      severity: 'error',
      comment:
        'The CME CTI service (cme/cti) sees the CME only through its ports (cti-ports.ts): the call ' +
        'model, the CSTA codec, the TR/87 backend interface and lab/ — no station, no SIP, no cme.ts.',
      from: { path: '^simulators/cme/cti/', pathNot: TEST_FILE },
      to: {
        path: '^simulators/',
        pathNot: '^simulators/(cme/cti/|calls/|csta/|lab/|tr87/cti-backend\\.ts$)',
      },
    },
    {
      name: 'lab-core-knows-no-node',
      severity: 'error',
      comment: 'Clock, observation stream and captures are used by everything and use nothing above them.',
      from: { path: '^simulators/lab/', pathNot: TEST_FILE },
      to: { path: '^simulators/(?!lab/)' },
    },
    {
      name: 'nodes-do-not-import-each-other',
      severity: 'error',
      comment: 'CME, CUCM and the ACD sit side by side; what they share lives in a lower layer.',
      from: { path: '^simulators/(cme)/' },
      to: { path: '^simulators/(cucm|acd)/' },
    },
    {
      name: 'cucm-reuses-only-the-cme-csta-services',
      severity: 'error',
      comment:
        'The CUCM CTI gateway serves the same CSTA services on the same call model as the CME: it may ' +
        "import the CME CTI layer's service, event, monitor, session, error and port modules, and nothing " +
        'else of the CME (no restrictions, no IOS config, no cme.ts).',
      from: { path: '^simulators/cucm/' },
      to: {
        path: '^simulators/cme/',
        pathNot: '^simulators/cme/cti/cti-(services|events|monitors|session|errors|ports|features)\\.ts$',
      },
    },
    {
      name: 'acd-cti-joins-the-acd-and-its-cti-server',
      severity: 'error',
      comment:
        'simulators/acd-cti is the ACD node: the ACD domain model (acd/) behind the CTI Server (cti-server/) ' +
        'and its phones (station/, on the call model). It knows no other node (CME, CUCM), no SIP / CSTA / ' +
        'TR/87, and nothing of the runtimes, the CLI or the tests.',
      from: { path: '^simulators/acd-cti/', pathNot: TEST_FILE },
      to: {
        path: [
          '^simulators/(cme|cucm|sip|csta|tr87|runtime|phone)/',
          '^(bin|bench|conformance|steps|features)/',
        ],
      },
    },
    {
      name: 'acd-is-a-domain-model',
      severity: 'error',
      comment:
        'simulators/acd is the ACD domain model (agents, skill groups, queues, call data, TCDs): it may use ' +
        'the call model (calls/) and the lab core (lab/: clock, observation, Result) and nothing else of the ' +
        'simulators: not the CTI Server wire layer (cti-server/), the CME, the CUCM, the station side, or any ' +
        'protocol; the CTI Server is built on top of it.',
      from: { path: '^simulators/acd/', pathNot: TEST_FILE },
      to: { path: '^simulators/(?!acd/|calls/|lab/)' },
    },
    {
      name: 'dashboard-reads-the-lab',
      severity: 'error',
      comment:
        'simulators/dashboard (the live web page of a lab) reads phones, the call model, the observation ' +
        'stream (drawn as a ladder by simulators/ladder) and plain snapshots of a CUCM cluster or ACD nodes (lab/live-state.ts), ' +
        'handed over by the CLI: it knows no node and no runtime, and nothing but the CLI and tests import it.',
      from: { path: '^simulators/dashboard/', pathNot: TEST_FILE },
      to: { path: '^simulators/(?!dashboard/|ladder/|phone/|calls/|lab/|sccp/|csta/csta-enums\\.ts$)' },
    },
    {
      name: 'only-the-cli-opens-the-dashboard',
      severity: 'error',
      comment: 'The lab never imports its dashboard (see dashboard-reads-the-lab).',
      from: { path: '^(simulators/(?!dashboard/)|steps/|conformance/|bench/)', pathNot: TEST_FILE },
      to: { path: '^simulators/dashboard/' },
    },
    {
      name: 'ladder-reads-observations',
      severity: 'error',
      comment:
        'simulators/ladder draws ladder diagrams from the observation stream: it reads lab/ and decodes with the ' +
        'SCCP and GED-188 codecs (not the CTI Server sides or client); it knows no node, device, runtime or ' +
        'harness, and does no I/O (the harness writes its files).',
      from: { path: '^simulators/ladder/', pathNot: TEST_FILE },
      to: {
        path: [
          '^simulators/(?!ladder/|lab/|sccp/|cti-server/)',
          '^simulators/cti-server/(server|client)/',
          '^(bin|bench|conformance|steps|features)/',
          '^(node:)?(net|dgram|fs|child_process|http|https|tls)$',
        ],
      },
    },
    {
      name: 'topology-is-data',
      severity: 'error',
      comment:
        'simulators/topology reads lab files; it starts nothing, so it knows no node, device or protocol.',
      from: { path: '^simulators/topology/', pathNot: TEST_FILE },
      to: { path: '^simulators/(?!topology/)' },
    },
    {
      name: 'nodes-and-devices-do-not-read-topologies',
      severity: 'error',
      comment: 'Topologies are read by the runtimes and the CLI, above the nodes.',
      from: { path: '^simulators/(?!topology/|testing/|runtime/)' },
      to: { path: '^simulators/topology/' },
    },
    {
      name: 'nothing-below-starts-labs',
      severity: 'error',
      comment: 'simulators/runtime starts labs of nodes: only the CLI, steps, benches and tests use it.',
      from: { path: '^simulators/(?!runtime/|testing/)' },
      to: { path: '^simulators/runtime/' },
    },
    {
      name: 'docker-client-loaded-on-demand',
      severity: 'error',
      comment:
        'The lab image carries no testcontainers: the CLI and the runtimes reach the modules that use it ' +
        'only by dynamic import (runtimes.ts, lab-command.ts, lab-export-command.ts), never statically.',
      from: { path: '^(bin|simulators)/', pathNot: ['\\.test\\.ts$', '^simulators/runtime/containers/'] },
      to: {
        path: '^simulators/runtime/containers/(containers-runtime|build-lab-image|lab-resources|docker-engine|no-ryuk)\\.ts$',
        dynamic: false,
      },
    },
    {
      name: 'lab-image-carries-no-harness',
      severity: 'error',
      comment:
        'The lab image carries bin/ and simulators/ only (simulators/runtime/containers/lab-image.ts PROJECT_PARTS): ' +
        'only the harness commands (run, rules, validate-client, fuzz, load) import conformance/, and the CLI loads them ' +
        'by dynamic import, so `ctilab serve` in a container never reaches conformance/.',
      from: {
        path: '^bin/',
        pathNot: ['\\.test\\.ts$', '^bin/(run|rules|validate-client|fuzz|load)-command\\.ts$'],
      },
      to: { path: '^conformance/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'harness-commands-loaded-on-demand',
      severity: 'error',
      comment: 'See lab-image-carries-no-harness: the CLI imports the harness commands dynamically only.',
      from: {
        path: '^bin/',
        pathNot: ['\\.test\\.ts$', '^bin/(run|rules|validate-client|fuzz|load)-command\\.ts$'],
      },
      to: {
        path: '^bin/(run|rules|validate-client|fuzz|load)-command\\.ts$',
        dynamic: false,
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'testcontainers-only-in-containers',
      severity: 'error',
      comment: 'Only simulators/runtime/containers/ (and tests) talk to the Docker engine.',
      from: { path: '^(bin|simulators)/', pathNot: ['\\.test\\.ts$', '^simulators/runtime/containers/'] },
      to: { path: '^node_modules/(testcontainers|dockerode)/' },
    },
    {
      name: 'product-never-imports-drivers',
      severity: 'error',
      comment:
        'Nodes and devices never import steps, features, benchmarks, the harness, mutation testing or the CLI.',
      from: { path: '^simulators/' },
      to: {
        path: '^(steps|features|bench|conformance|bin|mutation)/',
        pathNot: '^conformance/report/chromium\\.ts$',
      },
    },
    {
      name: 'only-browser-test-support-finds-chromium',
      severity: 'error',
      comment:
        "The one exception to product-never-imports-drivers: the browser tests' support (simulators/testing/test-chromium.ts) " +
        "finds and launches Chromium as the report's screenshot does (conformance/report/chromium.ts); no node, device or other file of simulators/ reaches it.",
      from: { path: '^simulators/', pathNot: '^simulators/testing/test-chromium\\.ts$' },
      to: { path: '^conformance/report/chromium\\.ts$' },
    },
    {
      name: 'test-support-only-in-tests',
      severity: 'error',
      comment: 'simulators/testing is imported only by tests (*.test.ts), steps and other test support.',
      from: { pathNot: [TEST_FILE, '^steps/', '^simulators/testing/'] },
      to: { path: '^simulators/testing/' },
    },
    {
      name: 'lower-layers-never-import-nodes',
      severity: 'error',
      comment: 'Nothing below the nodes (codecs, call model, phone, station, SIP, TR/87, lab) imports one.',
      from: { path: '^simulators/(?!cme/|cucm/|acd/|acd-cti/|testing/|runtime/)', pathNot: TEST_FILE },
      to: { path: NODES },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^reports/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.js', '.mjs'],
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
