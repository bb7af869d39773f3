// The load scenario file (issue 13): what `ctilab load` runs. YAML checked by this schema (zod),
// then by load-scenario.ts against the topology it names (nodes, clusters, gateways, rates).
import * as z from 'zod';

/** The lab's fault verbs a scenario may schedule (simulators/runtime/lab-fault.ts, node faults). */
export const SCENARIO_FAULTS = ['kill', 'stop', 'pause', 'unpause', 'restart', 'restore'] as const;

const seconds = z.number().finite().nonnegative();

export const SCENARIO_SCHEMA = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
  description: z.string().optional(),
  /**
   * The lab topology file, relative to the scenario file: a CUCM cluster (phones generated in a
   * device pool), CME nodes (phones = a CME phone group of the topology) or an ACD node (phones and
   * agents generated on it).
   */
  topology: z.string().min(1),
  /**
   * Where the lab runs unless `ctilab load --runtime` says: embedded (every node in the load
   * process), process (each node unit a `ctilab serve` child with its own RSS and CPU) or
   * containers (each node unit a container of the lab image running that command).
   */
  runtime: z.enum(['embedded', 'process', 'containers']).optional(),
  /** Seconds of traffic (calls are placed from 0 to `duration`). */
  duration: z.number().finite().positive().max(86_400),
  phones: z.strictObject({
    /** SCCP phones added to the cluster (devices SEP00AD1xxxxxxx, DNs 8000000 + i), in pairs. */
    count: z.number().int().min(2).max(20_000),
    cluster: z.string().optional(),
    devicePool: z.string().optional(),
    /** CME topology: the phone group (register: [primary, secondary, ...]) whose phones take part. */
    group: z.string().optional(),
    /** ACD topology: the acd node the phones (each an agent's teleset) are added to. */
    node: z.string().optional(),
  }),
  calls: z.strictObject({
    /** New calls per second, open loop (each between an idle phone pair). */
    rate: z.number().finite().nonnegative().max(1_000),
    /** Seconds a call stays connected before the caller hangs up. */
    holdTime: z.number().finite().positive().max(3_600),
    /** Seconds the called phone rings before it goes off hook. */
    answerDelay: seconds.max(60).default(0.1),
  }),
  /** Share of the phones monitored (CSTA MonitorStart) by the TR/87 clients, 0..1. */
  monitored: z.number().min(0).max(1).default(0),
  cti: z
    .strictObject({
      tr87: z
        .array(
          z.strictObject({
            name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
            /**
             * The node the client connects through (TCP): a cti-gateway of the cluster, or a CME
             * node with CTI (on a CME pair a session ended by a fault reopens on the next CME
             * of the phone group's register list).
             */
            gateway: z.string(),
            /** SnapshotDevice requests per second on its monitored devices (CSTA latency). */
            requestRate: z.number().finite().nonnegative().max(1_000).default(1),
          }),
        )
        .default([]),
      /** CTI Server (GED-188) clients of the ACD node: CTI Bridges and agent workstations. */
      ctiServer: z
        .strictObject({
          /** All Events sessions (CTI Bridge Application), each with its ClientID from the topology. */
          bridges: z
            .array(
              z.strictObject({
                name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
                /** QUERY_AGENT_STATE_REQ per second, round-robin over the agents. */
                requestRate: z.number().finite().nonnegative().max(1_000).default(1),
              }),
            )
            .default([]),
          /** Client Events sessions (Agent Workstation Application), one per agent of the first phones. */
          workstations: z
            .strictObject({
              count: z.number().int().nonnegative().max(20_000),
              /** QUERY_AGENT_STATE_REQ per second of each workstation (its own agent). */
              requestRate: z.number().finite().nonnegative().max(100).default(0.2),
            })
            .default({ count: 0, requestRate: 0.2 }),
        })
        .optional(),
    })
    .default({ tr87: [] }),
  faults: z
    .array(
      z.strictObject({
        at: seconds,
        node: z.string(),
        fault: z.enum(SCENARIO_FAULTS),
      }),
    )
    .default([]),
  /** Each given threshold is checked at the end; a miss makes the exit code 1. */
  thresholds: z
    .strictObject({
      callsFailedMax: z.number().int().nonnegative().optional(),
      callsClearedUnexpectedlyMax: z.number().int().nonnegative().optional(),
      completedShareMin: z.number().min(0).max(1).optional(),
      cstaLatencyP99MsMax: z.number().positive().optional(),
      ctiServerLatencyP99MsMax: z.number().positive().optional(),
      ctiServerEventsLostMax: z.number().int().nonnegative().optional(),
      ctiServerEventsLostRecoveredMax: z.number().int().nonnegative().optional(),
      ctiServerEventsDuplicatedMax: z.number().int().nonnegative().optional(),
      eventLatencyP99MsMax: z.number().positive().optional(),
      eventsLostMax: z.number().int().nonnegative().optional(),
      eventsLostRecoveredMax: z.number().int().nonnegative().optional(),
      eventsDuplicatedMax: z.number().int().nonnegative().optional(),
      reRegistrationSecondsMax: z.number().positive().optional(),
      reopenSecondsMax: z.number().positive().optional(),
    })
    .default({}),
  /** Seconds between samples of the time series (charts, progress, Prometheus). */
  sampleSeconds: z.number().finite().min(0.1).max(60).default(1),
});

export type Scenario = z.infer<typeof SCENARIO_SCHEMA>;
export type Thresholds = Scenario['thresholds'];
