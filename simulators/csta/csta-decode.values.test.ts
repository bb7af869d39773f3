// What the decoder accepts and the value it makes of it: the XML Schema lexical forms of simple
// values, lists, choices, DeflectCall newDestination, flag groups and opaque `extensions`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeCsta } from './csta-decode.ts';
import { CSTA_NAMESPACES } from './csta-namespaces.ts';
import { RCC_EXTENSION_NAMESPACE } from './rcc-line.ts';

const ED3 = CSTA_NAMESPACES.ed3;
const ED6 = CSTA_NAMESPACES.ed6;

const doc = (root: string, inner: string, namespace: string = ED3) =>
  `<${root} xmlns="${namespace}">${inner}</${root}>`;

function bodyOf(xml: string): Record<string, unknown> {
  const { type: _type, ...body } = decodeCsta(xml).message as { type: string };
  return body;
}

describe('simple values (XML Schema Part 2)', () => {
  it('xsd:boolean: true, false, 1 and 0 (§3.2.2.1), white space collapsed', () => {
    const dnd = (value: string) =>
      bodyOf(doc('SetDoNotDisturb', `<device>201</device><doNotDisturbOn>${value}</doNotDisturbOn>`))
        .doNotDisturbOn;
    assert.equal(dnd('true'), true);
    assert.equal(dnd('1'), true);
    assert.equal(dnd(' true\n'), true);
    assert.equal(dnd('false'), false);
    assert.equal(dnd('0'), false);
    assert.equal(dnd('\t0 '), false);
  });

  it('xsd:integer: optional sign, leading zeros, white space collapsed, -0 is 0 (§3.3.13.1)', () => {
    const ringCount = (value: string) =>
      bodyOf(
        doc(
          'SetForwarding',
          `<device>201</device><activateForward>true</activateForward><ringCount>${value}</ringCount>`,
        ),
      ).ringCount;
    assert.equal(ringCount('+3'), 3);
    assert.equal(ringCount('-3'), -3);
    assert.equal(ringCount(' 42 '), 42);
    assert.equal(ringCount('007'), 7);
    assert.ok(Object.is(ringCount('-0'), 0), '-0 decodes as 0');
    assert.equal(ringCount('9007199254740991'), Number.MAX_SAFE_INTEGER);
    assert.equal(ringCount('-9007199254740991'), Number.MIN_SAFE_INTEGER);
  });

  it('an enumeration value has its white space collapsed; a DeviceID string is kept exactly', () => {
    assert.deepStrictEqual(
      bodyOf(
        doc(
          'MakeCall',
          '<callingDevice> 201 </callingDevice><calledDirectoryNumber>202</calledDirectoryNumber><autoOriginate> prompt\n</autoOriginate>',
        ),
      ),
      { callingDevice: ' 201 ', calledDirectoryNumber: '202', autoOriginate: 'prompt' },
    );
  });

  it('an empty element may hold white space', () => {
    assert.deepStrictEqual(bodyOf(doc('CSTAErrorCode', '<unspecified>\n </unspecified>')), {
      unspecified: true,
    });
  });
});

describe('structured values', () => {
  it('a choice surrounded by white space', () => {
    assert.deepStrictEqual(
      bodyOf(doc('MonitorStart', '<monitorObject>\n  <deviceObject>201</deviceObject>\n</monitorObject>')),
      {
        monitorObject: { deviceObject: '201' },
      },
    );
  });

  it('list items in order; an empty list', () => {
    const dnd = (list: string) =>
      bodyOf(
        doc(
          'SetDoNotDisturb',
          `<device>201</device><doNotDisturbOn>1</doNotDisturbOn><callingDeviceList>${list}</callingDeviceList>`,
        ),
      ).callingDeviceList;
    assert.deepStrictEqual(dnd(' <callingDevice>1</callingDevice> <callingDevice>2</callingDevice> '), [
      '1',
      '2',
    ]);
    assert.deepStrictEqual(dnd(''), []);
  });

  it('DeflectCall newDestination as text or as one <device> (ed6 list), in any edition', () => {
    const destination = (inner: string, namespace: string) =>
      bodyOf(
        doc(
          'DeflectCall',
          `<callToBeDiverted><callID>1</callID></callToBeDiverted><newDestination>${inner}</newDestination>`,
          namespace,
        ),
      ).newDestination;
    assert.equal(destination('tel:203', ED3), 'tel:203');
    assert.equal(destination(' <device>tel:203</device>\n', ED6), 'tel:203');
    assert.equal(destination('<device>204</device>', ED3), '204');
    assert.equal(destination('', ED6), '');
  });

  it('GetCSTAFeaturesResponse flag groups keep their names and order', () => {
    assert.deepStrictEqual(
      bodyOf(
        doc(
          'GetCSTAFeaturesResponse',
          '<supportedServices> <callControlServices> <makeCall>1</makeCall> <answerCall>false</answerCall> </callControlServices> <logicalServices/> </supportedServices>',
        ),
      ),
      {
        supportedServices: [
          {
            name: 'callControlServices',
            features: [
              { name: 'makeCall', supported: true },
              { name: 'answerCall', supported: false },
            ],
          },
          { name: 'logicalServices', features: [] },
        ],
      },
    );
  });

  it('known children that are not modelled are reported in document order, nested ones by path', () => {
    const decoded = decodeCsta(
      doc(
        'SingleStepTransferCallResponse',
        '<transferredCall><callID>1</callID></transferredCall><connections><connectionListItem><associatedNID>x</associatedNID></connectionListItem></connections><transferredCallInfo/><callLinkageDataList/>',
      ),
    );
    assert.deepStrictEqual(decoded.ignored, [
      'SingleStepTransferCallResponse/connections/connectionListItem[0]/associatedNID',
      'SingleStepTransferCallResponse/transferredCallInfo',
      'SingleStepTransferCallResponse/callLinkageDataList',
    ]);
    assert.deepStrictEqual(decoded.message, {
      type: 'SingleStepTransferCallResponse',
      transferredCall: { callID: '1' },
      connections: [{}],
    });
  });
});

describe('opaque extensions (canonical form of xml-node.ts)', () => {
  const extensionsOf = (xml: string) => bodyOf(xml).extensions;

  it('OCS private data: the lcs prefix declared on lcs:line is kept once', () => {
    const xml = doc(
      'RequestSystemStatus',
      `<extensions>\n <privateData><private><lcs:line xmlns:lcs="${RCC_EXTENSION_NAMESPACE}">tel:73124;phone-context=dialstring</lcs:line></private></privateData>\n</extensions>`,
    );
    assert.deepStrictEqual(extensionsOf(xml), [
      {
        name: 'privateData',
        attributes: [],
        children: [
          {
            name: 'private',
            attributes: [],
            children: [
              {
                name: 'lcs:line',
                attributes: [{ name: 'xmlns:lcs', value: RCC_EXTENSION_NAMESPACE }],
                children: ['tel:73124;phone-context=dialstring'],
              },
            ],
          },
        ],
      },
    ]);
  });

  it('a prefix bound outside the fragment, used on an element or an attribute, is declared on its top element', () => {
    const xml = `<RequestSystemStatus xmlns="${ED3}" xmlns:lcs="${RCC_EXTENSION_NAMESPACE}" xmlns:p="urn:p"><extensions><privateData><lcs:line p:kind="a&amp;b">1</lcs:line></privateData><x/></extensions></RequestSystemStatus>`;
    assert.deepStrictEqual(extensionsOf(xml), [
      {
        name: 'privateData',
        attributes: [
          { name: 'xmlns:lcs', value: RCC_EXTENSION_NAMESPACE },
          { name: 'xmlns:p', value: 'urn:p' },
        ],
        children: [{ name: 'lcs:line', attributes: [{ name: 'p:kind', value: 'a&b' }], children: ['1'] }],
      },
      { name: 'x', attributes: [], children: [] },
    ]);
  });

  it('a prefix declared inside the fragment, and the xml prefix, need no declaration on top', () => {
    const xml = `<RequestSystemStatus xmlns="${ED3}" xmlns:q="urn:outer"><extensions><a xml:lang="en"><q:b xmlns:q="urn:inner"/></a></extensions></RequestSystemStatus>`;
    assert.deepStrictEqual(extensionsOf(xml), [
      {
        name: 'a',
        attributes: [{ name: 'xml:lang', value: 'en' }],
        children: [{ name: 'q:b', attributes: [{ name: 'xmlns:q', value: 'urn:inner' }], children: [] }],
      },
    ]);
  });

  it('text runs are kept, white space between elements is dropped', () => {
    assert.deepStrictEqual(
      extensionsOf(doc('GetCSTAFeatures', '<extensions> text <a> <b/> c </a>\n</extensions>')),
      [
        ' text ',
        { name: 'a', attributes: [], children: [{ name: 'b', attributes: [], children: [] }, ' c '] },
      ],
    );
  });
});
