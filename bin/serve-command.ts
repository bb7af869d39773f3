import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CmeLab } from '../simulators/cme/cme-lab.ts';
import { loadCmeConfig } from '../simulators/cme/load-cme-config.ts';
import { CaptureRecorder } from '../simulators/lab/capture-recorder.ts';

/**
 * `ctilab serve cme --config <ios.cfg> [--host] [--sccp-port] [--sip-port] [--capture file]`
 * (DESIGN.md section 5): runs one node in the foreground until SIGTERM and prints, once ready,
 * one line of JSON with every endpoint it listens on.
 */
export async function serveCommand(argv: string[]): Promise<number> {
  const [kind, ...rest] = argv;
  if (kind !== 'cme') {
    process.stderr.write(`ctilab serve: '${kind ?? ''}' is not available yet (this build serves: cme)\n`);
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      config: { type: 'string' },
      host: { type: 'string' },
      'sccp-port': { type: 'string' },
      'sip-port': { type: 'string' },
      capture: { type: 'string' },
    },
    strict: true,
  });
  if (!values.config) {
    process.stderr.write('ctilab serve cme: --config <ios.cfg> is required\n');
    return 2;
  }
  const text = await readFile(values.config, 'utf8');
  const { config, unmodelled } = loadCmeConfig(text);
  if (unmodelled.length > 0) {
    process.stderr.write(`[cme] ${unmodelled.length} IOS commands kept but not modelled:\n`);
    for (const u of unmodelled) process.stderr.write(`[cme]   line ${u.line}: ${u.text}\n`);
  }
  if (values['sip-port'] !== undefined) {
    process.stderr.write(
      '[cme] --sip-port: the CTI CSTA (SIP) side is not built yet; no SIP listener started\n',
    );
  }
  const lab = new CmeLab({
    config,
    host: values.host ?? '127.0.0.1',
    sccpPort: values['sccp-port'] !== undefined ? Number(values['sccp-port']) : undefined,
  });
  const capture = values.capture
    ? new CaptureRecorder(lab.observations, { path: values.capture })
    : undefined;
  capture?.start();
  const endpoint = await lab.start();
  process.stdout.write(
    `${JSON.stringify({
      node: 'cme',
      hostname: config.settings.hostname,
      endpoints: { sccp: { transport: 'tcp', host: endpoint.host, port: endpoint.port } },
      ephones: config.ephones.size,
      dns: config.dns.size,
    })}\n`,
  );
  await waitForSignal();
  await lab.stop();
  await capture?.stop();
  return 0;
}

export function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGTERM', done);
      process.off('SIGINT', done);
      resolve();
    };
    process.on('SIGTERM', done);
    process.on('SIGINT', done);
  });
}
