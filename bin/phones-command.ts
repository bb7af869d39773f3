import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadCmeConfig } from '../simulators/cme/load-cme-config.ts';
import { SccpPhone } from '../simulators/sccp/phone.ts';
import { waitForSignal } from './serve-command.ts';

/**
 * `ctilab phones --target host:port (--config <ios.cfg> [--ephones 1,2] | --count N --mac-base <12 hex>)`
 * (DESIGN.md section 5): simulated SCCP phones as a separate process. Registers them (at most
 * --concurrency at a time), prints one JSON line with the outcome, keeps them alive until SIGTERM,
 * then unregisters them.
 */
export async function phonesCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      target: { type: 'string', multiple: true },
      config: { type: 'string' },
      ephones: { type: 'string' },
      count: { type: 'string' },
      'mac-base': { type: 'string' },
      model: { type: 'string' },
      concurrency: { type: 'string' },
      'exit-when-registered': { type: 'boolean' },
    },
    strict: true,
  });
  if (!values.target || values.target.length === 0) {
    process.stderr.write(
      'ctilab phones: --target host:port is required (repeat it for a call-manager list)\n',
    );
    return 2;
  }
  const servers = values.target.map(parseTarget);
  const specs = phoneSpecs(values);
  const concurrency = Number(values.concurrency ?? 200);
  const phones = specs.map((s) => new SccpPhone({ mac: s.mac, model: s.model, servers }));
  const started = Date.now();
  const failures: Array<{ device: string; error: string }> = [];
  let next = 0;
  const worker = async () => {
    while (next < phones.length) {
      const p = phones[next++]!;
      try {
        await p.start();
      } catch (err) {
        failures.push({ device: p.deviceName, error: (err as Error).message });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, phones.length)) }, worker));
  const seconds = (Date.now() - started) / 1000;
  const registered = phones.length - failures.length;
  process.stdout.write(
    `${JSON.stringify({
      phones: phones.length,
      registered,
      failed: failures.length,
      seconds,
      phonesPerSecond: seconds > 0 ? registered / seconds : registered,
      failures: failures.slice(0, 20),
    })}\n`,
  );
  if (!values['exit-when-registered']) await waitForSignal();
  const stopWorkers = phones.map((p) => p.stop().catch(() => {}));
  await Promise.all(stopWorkers);
  return failures.length === 0 ? 0 : 1;
}

function parseTarget(t: string): { host: string; port: number } {
  const m = /^(.+):(\d+)$/.exec(t);
  if (!m) throw new Error(`--target '${t}' is not host:port`);
  return { host: m[1]!, port: Number(m[2]) };
}

function phoneSpecs(values: {
  config?: string;
  ephones?: string;
  count?: string;
  'mac-base'?: string;
  model?: string;
}): Array<{ mac: string; model: string }> {
  if (values.config) {
    const { config } = loadCmeConfig(readFileSync(values.config, 'utf8'));
    const wanted = values.ephones ? new Set(values.ephones.split(',').map(Number)) : undefined;
    return [...config.ephones.values()]
      .filter((e) => !wanted || wanted.has(e.tag))
      .map((e) => ({ mac: e.mac, model: e.model ?? values.model ?? '7961' }));
  }
  if (values.count) {
    const n = Number(values.count);
    const base = BigInt(`0x${values['mac-base'] ?? '00AA00000000'}`);
    return Array.from({ length: n }, (_, i) => ({
      mac: (base + BigInt(i)).toString(16).toUpperCase().padStart(12, '0'),
      model: values.model ?? '7961',
    }));
  }
  throw new Error('give --config <ios.cfg> or --count N');
}
