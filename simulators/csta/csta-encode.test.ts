import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeCsta } from './csta-decode.ts';
import { encodeCsta, encodeCstaError } from './csta-encode.ts';
import { CstaEncodeError } from './csta-encode-error.ts';
import { CSTA_NAMESPACES } from './csta-namespaces.ts';
import type { CstaMessage, MakeCall } from './csta-types.ts';
import { rccLineExtensions } from './rcc-line.ts';

const ED3 = CSTA_NAMESPACES.ed3;
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

describe('encodeCsta', () => {
  it('writes the MakeCallResponse with the calling connection', () => {
    const xml = encodeCsta(
      { type: 'MakeCallResponse', callingDevice: { callID: '12', deviceID: 'tel:201' } },
      { namespace: ED3 },
    );
    assert.equal(
      xml,
      `${DECLARATION}<MakeCallResponse xmlns="${ED3}"><callingDevice><callID>12</callID><deviceID>tel:201</deviceID></callingDevice></MakeCallResponse>`,
    );
  });

  it('writes children in schema order whatever the object key order, and only present ones', () => {
    const message: MakeCall = {
      type: 'MakeCall',
      autoOriginate: 'prompt',
      calledDirectoryNumber: '0012',
      callingDevice: '201',
    };
    assert.equal(
      encodeCsta(message, { namespace: ED3 }),
      `${DECLARATION}<MakeCall xmlns="${ED3}"><callingDevice>201</callingDevice><calledDirectoryNumber>0012</calledDirectoryNumber><autoOriginate>prompt</autoOriginate></MakeCall>`,
    );
  });

  it('writes an empty message as an empty root', () => {
    assert.equal(
      encodeCsta({ type: 'GetCSTAFeatures' }, { namespace: ED3 }),
      `${DECLARATION}<GetCSTAFeatures xmlns="${ED3}"/>`,
    );
  });

  it('writes DeflectCall newDestination as text before ed6 and as a <device> list in ed6', () => {
    const message: CstaMessage = {
      type: 'DeflectCall',
      callToBeDiverted: { callID: '1', deviceID: '201' },
      newDestination: '203',
    };
    assert.match(encodeCsta(message, { namespace: ED3 }), /<newDestination>203<\/newDestination>/);
    assert.match(
      encodeCsta(message, { namespace: CSTA_NAMESPACES.ed6 }),
      /<newDestination><device>203<\/device><\/newDestination>/,
    );
  });

  it('writes GetCSTAFeaturesResponse flag groups', () => {
    const xml = encodeCsta(
      {
        type: 'GetCSTAFeaturesResponse',
        supportedServices: [
          { name: 'callControlServices', features: [{ name: 'makeCall', supported: true }] },
        ],
        supportedEvents: [],
      },
      { namespace: ED3 },
    );
    assert.match(
      xml,
      /<supportedServices><callControlServices><makeCall>true<\/makeCall><\/callControlServices><\/supportedServices><supportedEvents\/>/,
    );
  });

  it('escapes XML specials and carries CR/LF/TAB intact', () => {
    const message: CstaMessage = { type: 'MonitorStop', monitorCrossRefID: `a<&>"'\r\n\tb` };
    const xml = encodeCsta(message, { namespace: ED3 });
    assert.match(xml, /a&lt;&amp;&gt;"'&#13;\n\tb/);
    assert.deepStrictEqual(decodeCsta(xml).message, message);
  });

  it('writes OCS-style private data', () => {
    const xml = encodeCsta(
      { type: 'GetCSTAFeatures', extensions: rccLineExtensions('tel:201') },
      { namespace: ED3 },
    );
    assert.match(
      xml,
      /<extensions><privateData><private><lcs:line xmlns:lcs="http:\/\/schemas.microsoft.com\/Lcs\/2005\/04\/RCCExtension">tel:201<\/lcs:line>/,
    );
  });
});

describe('encodeCstaError', () => {
  it('writes one category, with the schema spelling systemResourceAvailibility', () => {
    assert.equal(
      encodeCstaError({ systemResourceAvailibility: 'resourceBusy' }, { namespace: ED3 }),
      `${DECLARATION}<CSTAErrorCode xmlns="${ED3}"><systemResourceAvailibility>resourceBusy</systemResourceAvailibility></CSTAErrorCode>`,
    );
    assert.equal(
      encodeCstaError({ unspecified: true }, { namespace: CSTA_NAMESPACES.ed6 }),
      `${DECLARATION}<CSTAErrorCode xmlns="${CSTA_NAMESPACES.ed6}"><unspecified/></CSTAErrorCode>`,
    );
  });
});

describe('encodeCsta refuses what the schema does not allow', () => {
  const cases: [string, unknown, string][] = [
    ['missing mandatory', { type: 'MakeCall', callingDevice: '201' }, ED3],
    [
      'bad enum',
      { type: 'MakeCall', callingDevice: '1', calledDirectoryNumber: '2', autoOriginate: 'x' },
      ED3,
    ],
    [
      'reason before ed4',
      { type: 'MakeCall', callingDevice: '1', calledDirectoryNumber: '2', reason: 'makeCall' },
      ED3,
    ],
    ['non-XML character', { type: 'MonitorStop', monitorCrossRefID: 'a\u0000' }, ED3],
    ['unknown namespace', { type: 'GetCSTAFeatures' }, 'urn:x'],
    ['unknown message', { type: 'ConferenceCall' }, ED3],
    ['unknown field', { type: 'MonitorStop', monitorCrossRefID: '1', userData: 'x' }, ED3],
    ['two choices', { type: 'CSTAErrorCode', operation: 'generic', security: 'generic' }, ED3],
    ['empty ConnectionID', { type: 'AnswerCall', callToBeAnswered: {} }, ED3],
    ['non-integer', { type: 'SetForwarding', device: '1', activateForward: true, ringCount: 1.5 }, ED3],
  ];
  for (const [name, message, namespace] of cases) {
    it(name, () => {
      assert.throws(() => encodeCsta(message as CstaMessage, { namespace }), CstaEncodeError);
    });
  }
});
