import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Then, When } from '@cucumber/cucumber';
import { IosConfigError } from '../simulators/cme/config/ios-config-error.ts';
import { type LoadedCmeConfig, loadCmeConfig } from '../simulators/cme/config/load-cme-config.ts';
import type { LabWorld } from './world.ts';

interface ConfigWorld extends LabWorld {
  loaded?: LoadedCmeConfig;
}

When('the CME configuration {string} is loaded', function (this: ConfigWorld, path: string) {
  this.loaded = loadCmeConfig(readFileSync(path, 'utf8'));
});

When('this CME configuration is loaded:', function (this: ConfigWorld, text: string) {
  try {
    this.loaded = loadCmeConfig(text);
    this.lastError = undefined;
  } catch (err) {
    this.lastError = err as Error;
  }
});

Then('it has ephones {phones}', function (this: ConfigWorld, tags: number[]) {
  assert.deepEqual([...this.loaded!.config.ephones.keys()].sort(), [...tags].sort());
});

Then(
  'ephone {int} has MAC {string} of type {string} with directory number {string} on button {int}',
  function (this: ConfigWorld, tag: number, mac: string, type: string, dn: string, button: number) {
    const { config } = this.loaded!;
    const e = config.ephones.get(tag)!;
    assert.equal(e.mac, mac);
    assert.equal(e.model, type);
    const b = e.buttons.find((x) => x.index === button)!;
    assert.equal(config.dns.get(b.dnTags[0]!)?.number, dn);
  },
);

Then('directory number {string} is watched and kept up for CTI', function (this: ConfigWorld, dn: string) {
  const d = [...this.loaded!.config.dns.values()].find((x) => x.number === dn);
  assert.ok(d?.ctiWatch && d.ctiNotify, `${dn}: cti watch ${d?.ctiWatch}, cti notify ${d?.ctiNotify}`);
});

Then('CTI is enabled', function (this: ConfigWorld) {
  assert.equal(this.loaded!.ios.voiceServiceVoip?.ctiShutdown, false);
});

Then('the command {string} is listed as not modelled', function (this: ConfigWorld, text: string) {
  assert.ok(
    this.loaded!.unmodelled.some((u) => u.text.trim() === text),
    `not listed: ${text}`,
  );
});

Then(
  'loading fails at line {int} mentioning {string}',
  function (this: ConfigWorld, line: number, what: string) {
    assert.ok(
      this.lastError instanceof IosConfigError,
      `expected IosConfigError, got ${String(this.lastError)}`,
    );
    assert.equal((this.lastError as IosConfigError).line, line);
    assert.match(this.lastError.message, new RegExp(what, 'i'));
  },
);
