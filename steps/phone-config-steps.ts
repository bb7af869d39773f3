import assert from 'node:assert/strict';
import { Then, When } from '@cucumber/cucumber';
import { CME_EM_LOGIN_PATH, CME_SERVICES_PATH } from '../simulators/cme/tftp/cnf-file.ts';
import { tftpRead } from '../simulators/testing/tftp-test-client.ts';
import type { LabWorld } from './world.ts';

/** The phone-side view of SEP<MAC>.cnf.xml, fetched by TFTP from the scenario's CME. */
interface PhoneConfigWorld extends LabWorld {
  cnfXml?: string;
}

function elements(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) =>
    m[1]!.replace(/&amp;/g, '&'),
  );
}

When(
  'ephone {int} fetches its configuration file by TFTP',
  async function (this: PhoneConfigWorld, tag: number) {
    const tftp = this.cme().endpoints.tftp;
    assert.ok(tftp, 'the CME serves no TFTP');
    const name = `${this.ephone(tag).deviceName}.cnf.xml`;
    // Some phones ask in lower case; the CME's TFTP names match case-insensitively.
    const r = await tftpRead(tftp.host, tftp.port, name.toLowerCase());
    assert.ok(r.ok, r.ok ? '' : `TFTP error ${r.code} ${r.message}`);
    this.cnfXml = r.data.toString('utf8');
    this.attach(this.cnfXml, 'application/xml');
  },
);

Then('the services URL is {string}', function (this: PhoneConfigWorld, url: string) {
  assert.deepEqual(elements(this.cnfXml!, 'servicesURL'), [url]);
});

Then("the services URL is the CME's own services menu", function (this: PhoneConfigWorld) {
  const host = this.cme().endpoints.sccp.host;
  assert.deepEqual(elements(this.cnfXml!, 'servicesURL'), [`http://${host}${CME_SERVICES_PATH}`]);
});

Then('the Services menu has the Extension Mobility login', function (this: PhoneConfigWorld) {
  assert.deepEqual(elements(this.cnfXml!, 'name'), ['Extension Mobility']);
  assert.ok(elements(this.cnfXml!, 'url')[0]?.includes(CME_EM_LOGIN_PATH));
});

Then('the Services menu has no Extension Mobility login', function (this: PhoneConfigWorld) {
  assert.doesNotMatch(this.cnfXml!, /<emService>/);
});

Then('the configuration file names the CME as call manager', function (this: PhoneConfigWorld) {
  const { host, port } = this.cme().endpoints.sccp;
  assert.deepEqual(elements(this.cnfXml!, 'processNodeName'), [host]);
  assert.deepEqual(elements(this.cnfXml!, 'ethernetPhonePort'), [String(port)]);
});
