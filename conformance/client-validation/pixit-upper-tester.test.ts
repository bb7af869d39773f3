import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { ManualClock } from '../../simulators/lab/manual-clock.ts';
import { ConformanceFileError } from '../pixit/conformance-file-error.ts';
import { parseClientPixit } from './client-pixit.ts';
import { pixitUpperTester } from './pixit-upper-tester.ts';

const IUT = 'iut: { vendor: Example, product: Connector, version: "1.0" }\n';

describe('client PIXIT', () => {
  it('reads the IUT, the actions and the timers', () => {
    const pixit = parseClientPixit(
      'p.yaml',
      `${IUT}profile: cme-moc\nupperTester:\n  actions:\n    make-call: { shell: "echo {from} {to}" }\ntimers: { runSeconds: 30 }\n`,
    );
    assert.equal(pixit.iut.product, 'Connector');
    assert.equal(pixit.upperTester?.timeoutSeconds, 10);
    assert.deepEqual(pixit.upperTester?.actions['make-call'], { shell: 'echo {from} {to}' });
    assert.equal(pixit.timers?.runSeconds, 30);
  });

  it('refuses a bad file naming the path and line', () => {
    const bad = `${IUT}upperTester:\n  actions:\n    make-call:\n      http: { url: "http://x", method: DELETE }\n`;
    assert.throws(
      () => parseClientPixit('p.yaml', bad),
      (e: unknown) =>
        e instanceof ConformanceFileError &&
        e.line === 5 &&
        e.path === 'upperTester.actions.make-call' &&
        /p\.yaml:5/.test(e.message),
    );
    assert.throws(() => parseClientPixit('p.yaml', 'iut: [unclosed'), /p\.yaml:1: not YAML/);
    assert.throws(() => parseClientPixit('p.yaml', `${IUT}profile: cme-sip\n`), /p\.yaml:2 \(profile\)/);
  });
});

describe('the PIXIT upper tester', () => {
  it('runs a shell action with its arguments quoted, and reports the exit status', async () => {
    const ut = pixitUpperTester(
      parseClientPixit(
        'p.yaml',
        `${IUT}upperTester:\n  actions:\n    make-call: { shell: "test {from} = 201 && echo calling {to}" }\n    answer: { shell: "exit 3" }\n`,
      ),
    );
    assert.equal(ut.supports('make-call'), true);
    assert.equal(ut.supports('hold'), false);
    assert.deepEqual(await ut.perform('make-call', { from: '201', to: '202' }), {
      ok: true,
      detail: 'exit 0: calling 202',
    });
    assert.deepEqual(await ut.perform('answer', { device: '201' }), { ok: false, detail: 'exit 3' });
    assert.deepEqual(await ut.perform('hold', {}), {
      ok: false,
      detail: "the PIXIT declares no upper-tester action 'hold'",
    });
  });

  it('refuses an argument that could become shell syntax, and a placeholder with no value', async () => {
    const ut = pixitUpperTester(
      parseClientPixit(
        'p.yaml',
        `${IUT}upperTester:\n  actions:\n    make-call: { shell: "echo {from} {to}" }\n`,
      ),
    );
    const injected = await ut.perform('make-call', { from: '201; rm -rf x', to: '202' });
    assert.equal(injected.ok, false);
    assert.match(injected.detail, /argument from='201; rm -rf x' has characters outside/);
    assert.deepEqual(await ut.perform('make-call', { from: '201' }), {
      ok: false,
      detail: 'no value for {to}',
    });
  });

  it('sends an HTTP action to the URL with its arguments encoded and takes 2xx as success', async () => {
    const seen: string[] = [];
    const server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        seen.push(`${req.method} ${req.url} ${body}`);
        res.statusCode = req.url?.startsWith('/answer') ? 409 : 200;
        res.end(req.url?.startsWith('/answer') ? 'no call' : 'ok');
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const control = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const ut = pixitUpperTester(
        parseClientPixit(
          'p.yaml',
          `${IUT}upperTester:\n  actions:\n    make-call: { http: { url: "{control}/make-call?from={from}&to={to}", body: '{"to":"{to}"}' } }\n    answer: { http: { method: GET, url: "{control}/answer?device={device}" } }\n`,
        ),
        { context: () => ({ control }) },
      );
      assert.deepEqual(await ut.perform('make-call', { from: '+201', to: '202' }), {
        ok: true,
        detail: 'HTTP 200: ok',
      });
      assert.deepEqual(await ut.perform('answer', { device: '201' }), {
        ok: false,
        detail: 'HTTP 409: no call',
      });
      assert.deepEqual(seen, ['POST /make-call?from=%2B201&to=202 {"to":"202"}', 'GET /answer?device=201 ']);
    } finally {
      server.close();
    }
  });

  it('gives up on an action when the clock passes its timeout', async () => {
    const clock = new ManualClock();
    const ut = pixitUpperTester(
      parseClientPixit(
        'p.yaml',
        `${IUT}upperTester:\n  timeoutSeconds: 2\n  actions:\n    answer: { shell: "sleep 30" }\n`,
      ),
      { clock },
    );
    const pending = ut.perform('answer', { device: '201' });
    await new Promise((r) => setTimeout(r, 200));
    clock.advance(2000);
    const result = await pending;
    assert.equal(result.ok, false);
    assert.match(result.detail, /killed by SIGKILL \(timeout 2000 ms\)/);
  });
});
