import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type DnConfig,
  dnByNumber,
  type EphoneConfig,
  ephoneByDeviceName,
  type StationConfig,
} from './station-config.ts';

const ephone = (tag: number, mac: string): EphoneConfig => ({
  tag,
  mac,
  deviceName: `SEP${mac}`,
  model: '7961',
  buttons: [],
  logoutProfile: undefined,
});
const dn = (tag: number, number: string, name?: string): DnConfig => ({
  tag,
  number,
  name,
  dualLine: false,
  ctiWatch: false,
  ctiNotify: false,
  forwardAll: undefined,
  forwardBusy: undefined,
  forwardNoAnswer: undefined,
});
const configOf = (ephones: EphoneConfig[], dns: DnConfig[]) =>
  ({
    ephones: new Map(ephones.map((e) => [e.tag, e])),
    dns: new Map(dns.map((d) => [d.tag, d])),
  }) as unknown as StationConfig;

test('ephoneByDeviceName: any case; unknown names are undefined', () => {
  const config = configOf([ephone(1, '00AA00000001'), ephone(2, '00AA00000002')], []);
  assert.equal(ephoneByDeviceName(config, 'sep00aa00000002')?.tag, 2);
  assert.equal(ephoneByDeviceName(config, 'SEP00AA00000001')?.tag, 1);
  assert.equal(ephoneByDeviceName(config, 'SEP00AA00000003'), undefined);
});

test('ephoneByDeviceName follows the map after the first lookup: added, removed, renamed', () => {
  const config = configOf([ephone(1, '00AA00000001')], []);
  assert.equal(ephoneByDeviceName(config, 'SEP00AA00000001')?.tag, 1);
  config.ephones.set(5, ephone(5, '00AA00000005'));
  assert.equal(ephoneByDeviceName(config, 'SEP00AA00000005')?.tag, 5, 'added later');
  config.ephones.delete(1);
  assert.equal(ephoneByDeviceName(config, 'SEP00AA00000001'), undefined, 'removed');
  config.ephones.set(5, ephone(5, '00AA00000006'));
  assert.equal(ephoneByDeviceName(config, 'SEP00AA00000005'), undefined, 'renamed away');
  assert.equal(ephoneByDeviceName(config, 'SEP00AA00000006')?.tag, 5, 'renamed to');
});

test('dnByNumber: the first ephone-dn with the number, in map order, after changes too', () => {
  const config = configOf([], [dn(1, '301', 'one'), dn(2, '302'), dn(3, '301', 'three')]);
  assert.equal(dnByNumber(config, '301')?.name, 'one');
  assert.equal(dnByNumber(config, '302')?.tag, 2);
  assert.equal(dnByNumber(config, '399'), undefined);
  config.dns.delete(1);
  assert.equal(dnByNumber(config, '301')?.name, 'three', 'the next one once the first is gone');
  config.dns.set(9, dn(9, '399'));
  assert.equal(dnByNumber(config, '399')?.tag, 9);
});
