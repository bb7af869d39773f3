// The containers launcher without an engine: the endpoints of a container's lines as this process
// reaches them, and the refusal when no Docker engine answers (the real runs on an engine are in
// bin/load-command-containers.test.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { systemClock } from '../../simulators/lab/clock.ts';
import { containerLauncher, publishedEndpoints, RuntimeUnavailable } from './container-launcher.ts';

test('endpoints of a ready line and of a console answer: published ports on 127.0.0.1, the rest untouched', () => {
  const published = new Map([
    [2000, 49153],
    [5060, 49154],
  ]);
  const ready: Record<string, unknown> = {
    node: 'cme',
    endpoints: {
      sccp: { host: '0.0.0.0', port: 2000 },
      sip: { host: '0.0.0.0', port: 5060 },
      tftp: { host: '0.0.0.0', port: 69 },
    },
    t: 5060,
  };
  publishedEndpoints(ready, published);
  assert.deepEqual(ready, {
    node: 'cme',
    endpoints: {
      sccp: { host: '127.0.0.1', port: 49153 },
      sip: { host: '127.0.0.1', port: 49154 },
      tftp: { host: '0.0.0.0', port: 69 },
    },
    t: 5060,
  });
  const answer: Record<string, unknown> = {
    console: {
      ok: true,
      endpoints: { nodes: { a: { sccp: { host: '0.0.0.0', port: 2000 }, running: true } } },
    },
  };
  publishedEndpoints(answer, published);
  assert.deepEqual(answer, {
    console: {
      ok: true,
      endpoints: { nodes: { a: { sccp: { host: '127.0.0.1', port: 49153 }, running: true } } },
    },
  });
  // A line with no endpoints (ground truth, status) is left as it is.
  const other = { callEvent: { port: 2000, host: 'x' }, t: 1 };
  publishedEndpoints(other, published);
  assert.deepEqual(other, { callEvent: { port: 2000, host: 'x' }, t: 1 });
});

test('no Docker engine: refused before anything starts, naming the runtime and what to do', async () => {
  await assert.rejects(
    containerLauncher(
      systemClock,
      async () => 'no Docker engine answers: connect ENOENT /var/run/docker.sock',
    ),
    (err: unknown) => {
      assert.ok(err instanceof RuntimeUnavailable);
      assert.equal(
        err.message,
        '--runtime containers: no Docker engine answers: connect ENOENT /var/run/docker.sock. Start a Docker engine on this machine (e.g. run the command under .ci/with-docker-engine, or start dockerd), or use --runtime process',
      );
      return true;
    },
  );
});
