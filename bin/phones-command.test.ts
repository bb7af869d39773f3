import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadCmeConfig } from '../simulators/cme/config/load-cme-config.ts';
import type { CtilabChild, JsonLine } from '../simulators/runtime/ctilab-child.ts';
import { ctilabChildren } from '../simulators/testing/ctilab-test-children.ts';
import { freePort } from '../simulators/testing/free-port.ts';
import { registrationTimes, withSourceAddresses } from './phones-command.ts';

// `ctilab phones` with one call manager survives it (GitHub issue 7): two real processes, the CME
// killed with SIGKILL and started again on the same port. Every wait is bounded (CtilabChild).

const configPath = fileURLToPath(new URL('../labs/cme-moc.cfg', import.meta.url));
const devices = [...loadCmeConfig(readFileSync(configPath, 'utf8')).config.ephones.values()]
  .map((e) => `SEP${e.mac.toUpperCase()}`)
  .sort();

const { start: spawnCtilab } = ctilabChildren();

function serveCme(port: number): CtilabChild {
  return spawnCtilab('cme', [
    'serve',
    'cme',
    '--config',
    configPath,
    '--sccp-port',
    String(port),
    '--status-interval-ms',
    '200',
  ]);
}

const registeredOnCme = (n: number) => (v: Record<string, unknown>) =>
  (v.status as { registered?: number } | undefined)?.registered === n;

/** The `{"phone":{...}}` change lines of `child` from line `from` on. */
function phoneChanges(child: CtilabChild, from: number): Array<{ device: string; registered: boolean }> {
  return child.lines
    .slice(from)
    .map((l: JsonLine) => l.value.phone as { device: string; registered: boolean } | undefined)
    .filter((p) => p !== undefined);
}

/** Waits (bounded) until every device has a change line with `registered` from line `from` on. */
async function everyPhone(
  child: CtilabChild,
  from: number,
  registered: boolean,
  what: string,
): Promise<void> {
  await child.waitForLine(
    () => {
      const seen = new Set(
        phoneChanges(child, from)
          .filter((p) => p.registered === registered)
          .map((p) => p.device),
      );
      return devices.every((d) => seen.has(d));
    },
    20_000,
    what,
    from,
  );
}

test(
  'phones with one --target live through a SIGKILLed CME, register again when it is back, exit 0 on SIGTERM',
  {
    timeout: 90_000,
  },
  async () => {
    assert.equal(devices.length, 3);
    const port = await freePort();
    const cme = serveCme(port);
    await cme.waitForLine((v) => 'endpoints' in v, 30_000, 'CME ready line', 0);

    const phones = spawnCtilab('phones', ['phones', '--target', `127.0.0.1:${port}`, '--config', configPath]);
    const summary = await phones.waitForLine((v) => 'phones' in v && 'registered' in v, 30_000, 'summary', 0);
    assert.deepEqual(
      { phones: summary.value.phones, registered: summary.value.registered, failed: summary.value.failed },
      { phones: 3, registered: 3, failed: 0 },
    );
    const times = summary.value.registrationMs as { p50: number; p99: number; max: number };
    assert.ok(times.p50 > 0 && times.p50 <= times.p99 && times.p99 <= times.max, JSON.stringify(times));
    await cme.waitForLine(registeredOnCme(3), 10_000, 'CME status with 3 registered', 0);

    const beforeKill = phones.lines.length;
    cme.signal('SIGKILL');
    await cme.waitForExit(10_000);
    // Each phone reports the loss; the process then stays (it used to end with code 13 at once).
    await phones.waitForLine(
      () =>
        devices.every((d) => phoneChanges(phones, beforeKill).some((p) => p.device === d && !p.registered)),
      10_000,
      'every phone reporting the lost registration',
      beforeKill,
    );
    await assert.rejects(phones.waitForExit(2000), /no exit within 2000 ms/, 'phones must not exit');
    assert.equal(phones.exited, false);

    const cmeAgain = serveCme(port);
    const ready = await cmeAgain.waitForLine((v) => 'endpoints' in v, 30_000, 'CME ready line again', 0);
    assert.equal((ready.value.endpoints as { sccp: { port: number } }).sccp.port, port);
    // Retries fall due 1, 2, 4, 8 s after the loss (phone.ts RETRY_BACKOFF): within 20 s all are back.
    await everyPhone(phones, beforeKill, true, 'every phone registered again');
    await cmeAgain.waitForLine(registeredOnCme(3), 20_000, 'restarted CME with 3 registered', 0);

    phones.signal('SIGTERM');
    const stopping = await phones.waitForLine((v) => 'stopping' in v, 10_000, 'stopping line');
    const held = stopping.value.stopping as { stillRegistered: number; lostRegistrations: number };
    assert.equal(held.stillRegistered, 3);
    assert.equal(held.lostRegistrations, 3);
    assert.deepEqual(await phones.waitForExit(10_000), { code: 0, signal: null });
    // The phones unregistered before leaving.
    await cmeAgain.waitForLine(registeredOnCme(0), 10_000, 'CME status with nobody registered');
    const cmeExit = await cmeAgain.stop(10_000);
    assert.equal(cmeExit.code, 0);
  },
);

test('registration times: nearest-rank p50 / p99 / max in ms, null when no phone registered', () => {
  const ms = Array.from({ length: 100 }, (_, i) => i + 1.04);
  assert.deepEqual(registrationTimes(ms), { p50: 50, p99: 99, max: 100 });
  assert.deepEqual(registrationTimes([7.25]), { p50: 7.3, p99: 7.3, max: 7.3 });
  assert.equal(registrationTimes([]), null);
});

test('--source-base: phone i gets the base address + i, across octets; refused when not IPv4 or past 255.255.255.255', () => {
  const spec = (mac: string) => ({ mac, model: '7961', servers: [{ host: '127.0.0.1', port: 2000 }] });
  const specs = [spec('00AA00000001'), spec('00AA00000002'), spec('00AA00000003')];
  assert.deepEqual(
    withSourceAddresses(specs, '127.1.0.254').map((s) => s.localAddress),
    ['127.1.0.254', '127.1.0.255', '127.1.1.0'],
  );
  assert.equal(withSourceAddresses(specs, undefined), specs);
  assert.throws(
    () => withSourceAddresses(specs, 'localhost'),
    /--source-base 'localhost' is not an IPv4 address/,
  );
  assert.throws(() => withSourceAddresses(specs, '255.255.255.254'), /overflows IPv4/);
  assert.deepEqual(
    withSourceAddresses(specs.slice(0, 2), '255.255.255.254').map((s) => s.localAddress),
    ['255.255.255.254', '255.255.255.255'],
  );
});
