import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseIosConfig } from '../config/ios-config.ts';
import { buildCnfFiles, buildCnfXml, CnfFileError } from './cnf-file.ts';

const moc = parseIosConfig(readFileSync('labs/cme-moc.cfg', 'utf8'));
const opts = { host: '10.0.0.1', sccpPort: 2000 };

const external = parseIosConfig(`telephony-service
 max-ephones 4
 max-dn 4
 ip source-address 10.0.0.1 port 2000 secondary 10.0.0.2
 em external
 url services http://apps.example/menu.xml?a=1&b=2 root
voice logout-profile 1
 number 203 type normal
ephone-dn 3
 number 203
ephone 3
 mac-address 0019.E7FF.1E30
 type 7961
 logout-profile 1
`);

function elements(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => m[1]!);
}

test("seed config: the call manager is this CME, the services menu is the CME's own", () => {
  const xml = buildCnfXml(moc, 1, opts);
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<device>/);
  assert.deepEqual(elements(xml, 'deviceProtocol'), ['SCCP']);
  assert.deepEqual(elements(xml, 'processNodeName'), ['10.0.0.1']);
  assert.deepEqual(elements(xml, 'ethernetPhonePort'), ['2000']);
  assert.match(xml, /<member priority="0">/);
  assert.doesNotMatch(xml, /priority="1"/);
  assert.deepEqual(elements(xml, 'servicesURL'), ['http://10.0.0.1/cme/services.xml']);
  assert.match(xml, /<loadInformation model="IP Phone 7961"><\/loadInformation>/);
  assert.deepEqual(elements(xml, 'versionStamp'), ['Jan 01 2002 00:00:00']);
  // ephone 1 is not an Extension Mobility phone.
  assert.doesNotMatch(xml, /<emService>/);
});

test('seed config: the EM phone (logout-profile) has the EM login entry', () => {
  const xml = buildCnfXml(moc, 3, { ...opts, httpHost: '10.0.0.9' });
  assert.deepEqual(elements(xml, 'name'), ['Extension Mobility']);
  assert.deepEqual(elements(xml, 'url'), ['http://10.0.0.9/cme/em-login.xml?device=SEP0019E7FF1E30']);
  assert.deepEqual(elements(xml, 'servicesURL'), ['http://10.0.0.9/cme/services.xml']);
});

test('em external drops the EM entry; url services ... root becomes the services URL; secondary is priority 1', () => {
  const xml = buildCnfXml(external, 3, { host: '127.0.0.5', sccpPort: 2100 });
  assert.doesNotMatch(xml, /emService|Extension Mobility/);
  assert.deepEqual(elements(xml, 'servicesURL'), ['http://apps.example/menu.xml?a=1&amp;b=2']);
  assert.deepEqual(elements(xml, 'processNodeName'), ['127.0.0.5', '10.0.0.2']);
  assert.deepEqual(elements(xml, 'ethernetPhonePort'), ['2100', '2000']);
  assert.match(xml, /<member priority="1">/);
});

test('url services without root keeps the CME menu', () => {
  const ios = parseIosConfig('telephony-service\n url services http://apps.example/x.xml\n');
  assert.equal(ios.telephonyService?.urlServices?.root, false);
  ios.ephones.set(9, { ...moc.ephones.get(1)!, tag: 9 });
  assert.deepEqual(elements(buildCnfXml(ios, 9, opts), 'servicesURL'), ['http://10.0.0.1/cme/services.xml']);
});

test('every ephone with a MAC gets SEP<MAC>.cnf.xml, keyed case-insensitively', () => {
  const files = buildCnfFiles(moc, opts);
  assert.deepEqual([...files.values()].map((f) => f.name).sort(), [
    'SEP000F8FC7B681.cnf.xml',
    'SEP0019E7FF1E30.cnf.xml',
    'SEP001E4A34A35F.cnf.xml',
  ]);
  assert.ok(files.has('sep001e4a34a35f.cnf.xml'));
});

test('an unknown ephone is a typed error', () => {
  assert.throws(
    () => buildCnfXml(moc, 42, opts),
    (e: unknown) => e instanceof CnfFileError && e.code === 'unknown-ephone',
  );
});
