// The containers runtime's launcher of a load run's node units (serve-target.ts; DESIGN.md section
// 4): each one a `docker run -i --rm` of the lab image (simulators/runtime/containers/lab-image.ts,
// built locally, no registry) with the serve command, listening on 0.0.0.0 inside on the ports the
// target names, each published on 127.0.0.1 (a free host port, or the one a node first had when it
// comes back); the files the command reads bind-mounted read-only at the same path; its stdout (the
// ground truth) and stdin (the console) are the `docker run` client's. Endpoints in its ready line
// and console answers are rewritten to the published ports. Faults are the engine's: kill = `docker
// kill` (SIGKILL to the node's process), terminate = `docker stop`, pause/unpause = `docker
// pause|unpause` (the cgroup freezer). RSS and CPU: /proc/<pid> of the container's process (its pid
// on this machine, `docker inspect` .State.Pid), so the engine must run on this machine (it must
// anyway for the bind mounts).
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { Clock } from '../../simulators/lab/clock.ts';
import { LAB_LABEL, NODE_LABEL, ROLE_LABEL } from '../../simulators/runtime/containers/lab-labels.ts';
import { CtilabChild } from '../../simulators/runtime/ctilab-child.ts';
import { readyLine, SERVE_FLAGS, type ServeLauncher, type ServeListen, truthTap } from './serve-target.ts';

/** Bound on a container's ready line (a start on a busy machine may compile TypeScript). */
const READY_MS = 60_000;
/** Bound on one docker command (kill, stop, pause, inspect). */
const DOCKER_MS = 30_000;
/** `docker stop -t`: SIGTERM, then SIGKILL after this many seconds. */
const STOP_GRACE_S = 5;
/** Bound on the end of the `docker run` client once its container is gone. */
const EXIT_MS = 15_000;

/** The Docker engine or the lab image is not there: the run cannot start (exit 2, with what to do). */
export class RuntimeUnavailable extends Error {
  override name = 'RuntimeUnavailable';
}

/**
 * The launcher, once an engine answers and the lab image is on it (built unless an image of the
 * same content is there). Containers carry the labels of a lab named `load-<pid>-<ms>`, so `docker
 * ps --filter label=org.ctilab.lab` finds what a killed run left behind.
 */
export async function containerLauncher(
  clock: Clock,
  /** Whether an engine answers (undefined) or why not; the real check unless a test gives one. */
  engine?: () => Promise<string | undefined>,
): Promise<ServeLauncher & { readonly image: string }> {
  // Loaded on use: testcontainers (the engine check, the image build) is not needed otherwise.
  const check =
    engine ?? (await import('../../simulators/runtime/containers/docker-engine.ts')).dockerUnavailable;
  const why = await check();
  if (why !== undefined)
    throw new RuntimeUnavailable(
      `--runtime containers: ${why}. Start a Docker engine on this machine (e.g. run the command under .ci/with-docker-engine, or start dockerd), or use --runtime process`,
    );
  const { ensureLabImage } = await import('../../simulators/runtime/containers/build-lab-image.ts');
  const image = (await ensureLabImage()).name;
  const lab = `load-${process.pid}-${clock.now()}`;
  /** Containers started per node unit: a restored node's is `<name>-2`, ... */
  const started = new Map<string, number>();
  return {
    runtime: 'containers',
    image,
    async start(name, args, clock, onTruth) {
      const publish: Array<{ inside: number; again: number | undefined }> = [];
      const mounts = new Set<string>();
      const listen: ServeListen = {
        host: '0.0.0.0',
        port: (inside, again) => {
          publish.push({ inside, again });
          return inside;
        },
        read: (path) => {
          const abs = resolve(path);
          mounts.add(abs);
          return abs;
        },
      };
      const serve = [...args(listen), ...SERVE_FLAGS];
      const nth = (started.get(name) ?? 0) + 1;
      started.set(name, nth);
      const container = `ctilab-${lab}-${name}-${nth}`;
      const run: [string, ...string[]] = [
        'docker',
        'run',
        '-i',
        '--rm',
        '--name',
        container,
        '--label',
        `${LAB_LABEL}=${lab}`,
        '--label',
        `${NODE_LABEL}=${name}`,
        '--label',
        `${ROLE_LABEL}=load-node`,
        ...publish.flatMap((p) => ['-p', `127.0.0.1:${p.again ?? ''}:${p.inside}/tcp`]),
        ...[...mounts].flatMap((m) => ['-v', `${m}:${m}:ro`]),
        image,
      ];
      // Inside port -> host port, known once the container runs (its ready line): endpoints in
      // later lines (console answers) are rewritten as they arrive.
      let hostPort: Map<number, number> | undefined;
      const tap = truthTap(onTruth);
      const child = new CtilabChild(name, serve, {
        command: run,
        stdin: true,
        clock,
        onLine: (value) => {
          if (tap(value)) return true;
          if (hostPort !== undefined) publishedEndpoints(value, hostPort);
          return false;
        },
      });
      let pid: number | undefined;
      let paused = false;
      let ending = false;
      const docker = (...a: string[]) => dockerCli(a, clock);
      const stop = async () => {
        if (paused) await docker('unpause', container).catch(() => undefined);
        paused = false;
        if (!child.exited) await docker('stop', '-t', String(STOP_GRACE_S), container).catch(() => undefined);
        await child.stop(EXIT_MS).catch(() => undefined);
        // The `docker run` client may have died first: the container must not stay.
        await docker('rm', '-f', container).catch(() => undefined);
      };
      try {
        const ready = await readyLine(child, READY_MS);
        const inspect = JSON.parse(
          await docker(
            'inspect',
            '--format',
            '{{json .NetworkSettings.Ports}} {{.State.Pid}}',
            container,
          ).then((out) => `[${out.trim().replace(/ (\d+)$/, ',$1')}]`),
        ) as [Record<string, Array<{ HostIp: string; HostPort: string }> | null>, number];
        hostPort = new Map(
          Object.entries(inspect[0] ?? {}).flatMap(([key, bound]) => {
            const host = bound?.find((b) => b.HostIp === '127.0.0.1') ?? bound?.[0];
            return host === undefined ? [] : [[Number.parseInt(key, 10), Number(host.HostPort)] as const];
          }),
        );
        publishedEndpoints(ready, hostPort);
        pid = inspect[1] > 0 ? inspect[1] : undefined;
        const what = `container ${container}`;
        return {
          child,
          ready,
          what,
          // Down from the moment it is killed or stopped: a client that sees its connection close
          // while `docker kill` is still under way must not reopen on it (the engine's proxy may
          // still accept a connection to the dead container's port and leave it unanswered).
          get running() {
            return !child.exited && !ending;
          },
          pid: () => (child.exited ? undefined : pid),
          kill: async () => {
            ending = true;
            await docker('kill', container);
            await child.waitForExit(EXIT_MS);
            return `docker kill of ${what} (SIGKILL to its node process, pid ${pid})`;
          },
          terminate: async () => {
            ending = true;
            await docker('stop', '-t', String(STOP_GRACE_S), container);
            await child.waitForExit(EXIT_MS);
            return `docker stop of ${what}: it ended its CTI sessions and exited`;
          },
          pause: async () => {
            await docker('pause', container);
            paused = true;
            return `docker pause of ${what}`;
          },
          unpause: async () => {
            await docker('unpause', container);
            paused = false;
            return `docker unpause of ${what}`;
          },
          stop,
        };
      } catch (err) {
        await stop();
        throw new Error(`${container} (${image}): ${(err as Error).message}`);
      }
    },
  };
}

/**
 * Rewrites in place every `{host, port}` of the line's `endpoints` (a ready line) or
 * `console.endpoints` (a console answer) to 127.0.0.1 and the host port the inside port is
 * published on; a port not published stays as it is (nothing outside reaches it).
 */
export function publishedEndpoints(
  value: Record<string, unknown>,
  hostPort: ReadonlyMap<number, number>,
): void {
  const walk = (v: unknown): void => {
    if (v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
      return;
    }
    const o = v as Record<string, unknown>;
    if (typeof o.host === 'string' && typeof o.port === 'number') {
      const published = hostPort.get(o.port);
      if (published !== undefined) {
        o.host = '127.0.0.1';
        o.port = published;
      }
      return;
    }
    for (const x of Object.values(o)) walk(x);
  };
  walk(value.endpoints);
  const console = value.console;
  if (console !== null && typeof console === 'object') walk((console as Record<string, unknown>).endpoints);
}

/** `docker <args>`: its stdout; rejects with its stderr on a non-zero exit or after DOCKER_MS. */
function dockerCli(args: readonly string[], clock: Clock): Promise<string> {
  return new Promise((resolve, reject) => {
    const proc = spawn('docker', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout.setEncoding('utf8').on('data', (c: string) => {
      out += c;
    });
    proc.stderr.setEncoding('utf8').on('data', (c: string) => {
      err += c;
    });
    const timer = clock.setTimeout(() => proc.kill('SIGKILL'), DOCKER_MS);
    proc.on('error', (e) => {
      timer.cancel();
      reject(new Error(`docker ${args[0]}: ${e.message}`));
    });
    proc.on('close', (code, signal) => {
      timer.cancel();
      if (code === 0) resolve(out);
      else reject(new Error(`docker ${args.join(' ')}: ${signal ?? `exit ${code}`}: ${err.trim()}`));
    });
  });
}
