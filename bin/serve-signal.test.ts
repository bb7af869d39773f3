// `ctilab serve cme|cucm|acd` and `lab up` listen for SIGTERM before they print their ready line:
// a parent may signal as soon as it reads the line, and a SIGTERM that comes before a listener
// ends the process outright (the kernel's default action), without the clean stop and exit code 0.
// Each child here gets SIGTERM from inside the stdout data callback that carries its ready line,
// the earliest moment a parent can send it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const ctilab = fileURLToPath(new URL('./ctilab.js', import.meta.url));

interface Ended {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly ready: boolean;
}

function killAtReady(
  args: readonly string[],
  isReady: (line: Record<string, unknown>) => boolean,
): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ctilab, ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let ready = false;
    let pending = '';
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no end of ctilab ${args.join(' ')} within 60 s (ready: ${ready})`));
    }, 60_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (ready || !line.startsWith('{')) continue;
        if (isReady(JSON.parse(line) as Record<string, unknown>)) {
          ready = true;
          child.kill('SIGTERM');
        }
      }
    });
    child.stderr.resume();
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, ready });
    });
  });
}

const hasEndpoints = (v: Record<string, unknown>) => typeof v.endpoints === 'object';

describe('SIGTERM at the ready line ends a foreground command cleanly', () => {
  const cases: Array<[string, string[]]> = [
    ['serve cme', ['serve', 'cme', '--config', 'labs/cme-moc.cfg', '--sccp-port', '0', '--sip-port', '0']],
    [
      'serve cucm',
      [
        'serve',
        'cucm',
        '--topology',
        'labs/cucm-cluster.yaml',
        '--port',
        'cucm-pub=0',
        '--port',
        'cucm-sub1=0',
        '--port',
        'cucm-imp=0',
      ],
    ],
    [
      'serve acd',
      [
        'serve',
        'acd',
        '--topology',
        'labs/acd-duplex.yaml',
        '--host',
        '127.0.0.1',
        '--port',
        'sccp=0',
        '--port',
        'acd:A=0',
        '--port',
        'acd:B=0',
      ],
    ],
  ];
  for (const [name, args] of cases) {
    it(`${name}: exit code 0, not killed by the signal (3 rounds)`, async () => {
      for (let round = 1; round <= 3; round += 1) {
        const ended = await killAtReady(args, hasEndpoints);
        assert.equal(ended.ready, true, `round ${round}: ready line seen`);
        assert.deepEqual(
          { code: ended.code, signal: ended.signal },
          { code: 0, signal: null },
          `round ${round}`,
        );
      }
    });
  }
});
