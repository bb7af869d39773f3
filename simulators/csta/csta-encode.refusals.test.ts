// What encodeCsta refuses to write, and how it says so: every CstaEncodeError names the fault and
// the element path of the value at fault (`MakeCall/autoOriginate`, `.../callingDeviceList[1]`,
// `.../extensions[0]@id`), so that a bug in our own node is found at once. The message schema is
// ECMA-323 (the child tables of csta-schema.ts); names are checked against Namespaces in XML 1.0.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeCsta, encodeCstaError } from './csta-encode.ts';
import { CstaEncodeError } from './csta-encode-error.ts';
import type { CSTAErrorCode } from './csta-error-code.ts';
import { CSTA_NAMESPACES } from './csta-namespaces.ts';
import type { CstaMessage } from './csta-types.ts';

const ED3 = CSTA_NAMESPACES.ed3;
const ED4 = CSTA_NAMESPACES.ed4;
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/** The refusal of `message` as `{ message, path }`; fails when it is written or throws anything else. */
function refusal(message: unknown, namespace: string = ED3): { message: string; path: string } {
  try {
    encodeCsta(message as CstaMessage, { namespace });
  } catch (error) {
    assert.ok(error instanceof CstaEncodeError, `expected a CstaEncodeError, got ${String(error)}`);
    assert.equal(error.name, 'CstaEncodeError');
    return { message: error.message, path: error.path };
  }
  return assert.fail(`expected a CstaEncodeError for ${JSON.stringify(message)}`);
}

/** The expected refusal: the fault, then `(at <path>)`. */
const at = (fault: string, path: string) => ({ message: `${fault} (at ${path})`, path });

const write = (message: unknown, namespace: string = ED3) =>
  encodeCsta(message as CstaMessage, { namespace });

describe('the document: namespace and message type', () => {
  it('a namespace that is not one of the ECMA-323 editions', () => {
    assert.deepStrictEqual(
      refusal({ type: 'GetCSTAFeatures' }, 'urn:x'),
      at("'urn:x' is not an ECMA-323 namespace", '/'),
    );
    assert.deepStrictEqual(
      refusal({ type: 'GetCSTAFeatures' }, `${ED3}/`),
      at(`'${ED3}/' is not an ECMA-323 namespace`, '/'),
    );
  });

  it('a type that is not a modelled message, or not a string at all', () => {
    assert.deepStrictEqual(
      refusal({ type: 'ConferenceCall' }),
      at("'ConferenceCall' is not a supported CSTA message", '/'),
    );
    assert.deepStrictEqual(refusal({}), at("'undefined' is not a supported CSTA message", '/'));
    assert.deepStrictEqual(
      refusal({ type: 'toString' }),
      at("'toString' is not a supported CSTA message", '/'),
    );
    // An array whose text is a message name is still not a name.
    assert.deepStrictEqual(
      refusal({ type: ['GetCSTAFeatures'] }),
      at("'GetCSTAFeatures' is not a supported CSTA message", '/'),
    );
  });
});

describe('simple values', () => {
  it('a DeviceID or string must be a string', () => {
    assert.deepStrictEqual(
      refusal({ type: 'MonitorStop', monitorCrossRefID: 7 }),
      at('expected a string', 'MonitorStop/monitorCrossRefID'),
    );
    assert.deepStrictEqual(
      refusal({ type: 'DeflectCall', callToBeDiverted: { callID: '1' }, newDestination: 203 }),
      at('expected a string', 'DeflectCall/newDestination'),
    );
  });

  it('a character XML 1.0 cannot carry even escaped (§2.2 Char) is named by its code point', () => {
    assert.deepStrictEqual(
      refusal({ type: 'MonitorStop', monitorCrossRefID: 'a\u0000' }),
      at('U+0 cannot be carried in XML', 'MonitorStop/monitorCrossRefID'),
    );
    assert.deepStrictEqual(
      refusal({ type: 'MonitorStop', monitorCrossRefID: 'ok\ufffe' }),
      at('U+fffe cannot be carried in XML', 'MonitorStop/monitorCrossRefID'),
    );
  });

  it('xsd:boolean must be a boolean', () => {
    for (const value of ['true', 1, null]) {
      assert.deepStrictEqual(
        refusal({ type: 'HoldCall', callToBeHeld: { callID: '1' }, connectionReservation: value }),
        at('expected a boolean', 'HoldCall/connectionReservation'),
      );
    }
    assert.match(
      write({ type: 'HoldCall', callToBeHeld: { callID: '1' }, connectionReservation: false }),
      /<connectionReservation>false<\/connectionReservation>/,
    );
  });

  it('xsd:integer must be a safe integer', () => {
    const forwarding = (ringCount: unknown) => ({
      type: 'SetForwarding',
      device: '201',
      activateForward: true,
      ringCount,
    });
    for (const value of [1.5, '3', 2 ** 53, Number.NaN]) {
      assert.deepStrictEqual(
        refusal(forwarding(value)),
        at('expected a safe integer', 'SetForwarding/ringCount'),
      );
    }
    assert.match(write(forwarding(Number.MAX_SAFE_INTEGER)), /<ringCount>9007199254740991<\/ringCount>/);
    assert.match(write(forwarding(-2)), /<ringCount>-2<\/ringCount>/);
  });

  it('an enumeration value must be one of the enumeration', () => {
    const makeCall = (autoOriginate: unknown) => ({
      type: 'MakeCall',
      callingDevice: '201',
      calledDirectoryNumber: '202',
      autoOriginate,
    });
    assert.deepStrictEqual(refusal(makeCall('x')), at("'x' is not a valid value", 'MakeCall/autoOriginate'));
    assert.deepStrictEqual(refusal(makeCall(5)), at("'5' is not a valid value", 'MakeCall/autoOriginate'));
  });

  it('an empty element (ECMA-323 `<unspecified/>`) is present as true, and only true', () => {
    for (const value of ['yes', false, 1]) {
      assert.deepStrictEqual(
        refusal({ type: 'CSTAErrorCode', unspecified: value }),
        at('expected true', 'CSTAErrorCode/unspecified'),
      );
    }
  });
});

describe('structures', () => {
  it('a structure must be an object, not text, null or an array', () => {
    for (const value of ['1', null, [], [{ callID: '1' }]]) {
      assert.deepStrictEqual(
        refusal({ type: 'AnswerCall', callToBeAnswered: value }),
        at('expected an object', 'AnswerCall/callToBeAnswered'),
      );
    }
  });

  it('a mandatory child that is missing is named by its path', () => {
    assert.deepStrictEqual(
      refusal({ type: 'MakeCall', callingDevice: '201' }),
      at('mandatory field is missing', 'MakeCall/calledDirectoryNumber'),
    );
    assert.deepStrictEqual(
      refusal({ type: 'GenerateDigits', connectionToSendDigits: { callID: '1' } }),
      at('mandatory field is missing', 'GenerateDigits/charactersToSend'),
    );
  });

  it('a child the codec does not model, or the schema does not have, is refused where it is', () => {
    // userData is a MakeCall child ECMA-323 defines but the codec drops (IGNORED in csta-schema.ts).
    assert.deepStrictEqual(
      refusal({ type: 'MakeCall', callingDevice: '201', calledDirectoryNumber: '202', userData: 'x' }),
      at("'userData' is not modelled here", 'MakeCall'),
    );
    assert.deepStrictEqual(
      refusal({ type: 'MonitorStop', monitorCrossRefID: '1', colour: 'red' }),
      at("'colour' is not modelled here", 'MonitorStop'),
    );
    assert.deepStrictEqual(
      refusal({ type: 'AnswerCall', callToBeAnswered: { callID: '1', toString: 'x' } }),
      at("'toString' is not modelled here", 'AnswerCall/callToBeAnswered'),
    );
  });

  it('MakeCall reason exists from ed4 on (ECMA TR/87 (client practice: pidgin-sipe sip-csta.c))', () => {
    const message = {
      type: 'MakeCall',
      callingDevice: '201',
      calledDirectoryNumber: '202',
      reason: 'normal',
    };
    assert.deepStrictEqual(refusal(message, ED3), at('not defined before ed4', 'MakeCall/reason'));
    assert.equal(
      write(message, ED4),
      `${DECLARATION}<MakeCall xmlns="${ED4}"><callingDevice>201</callingDevice><calledDirectoryNumber>202</calledDirectoryNumber><reason>normal</reason></MakeCall>`,
    );
  });

  it('ConnectionID holds callID, deviceID or both, never neither (ECMA-323 ConnectionID)', () => {
    const answer = (callToBeAnswered: object) => write({ type: 'AnswerCall', callToBeAnswered });
    assert.equal(
      answer({ callID: '7' }),
      `${DECLARATION}<AnswerCall xmlns="${ED3}"><callToBeAnswered><callID>7</callID></callToBeAnswered></AnswerCall>`,
    );
    assert.equal(
      answer({ deviceID: '201' }),
      `${DECLARATION}<AnswerCall xmlns="${ED3}"><callToBeAnswered><deviceID>201</deviceID></callToBeAnswered></AnswerCall>`,
    );
    // An empty callID is still a callID: the element is written, empty.
    assert.equal(
      answer({ callID: '' }),
      `${DECLARATION}<AnswerCall xmlns="${ED3}"><callToBeAnswered><callID/></callToBeAnswered></AnswerCall>`,
    );
    assert.deepStrictEqual(
      refusal({ type: 'AnswerCall', callToBeAnswered: {} }),
      at('at least one field is required', 'AnswerCall/callToBeAnswered'),
    );
    assert.deepStrictEqual(
      refusal({ type: 'AnswerCall', callToBeAnswered: { callID: undefined } }),
      at('at least one field is required', 'AnswerCall/callToBeAnswered'),
    );
  });
});

describe('choices', () => {
  const error = (code: unknown) => refusal({ type: 'CSTAErrorCode', ...(code as object) });

  it('exactly one alternative', () => {
    assert.deepStrictEqual(
      error({ operation: 'generic', security: 'generic' }),
      at('expected exactly one choice', 'CSTAErrorCode'),
    );
    assert.deepStrictEqual(error({}), at('expected exactly one choice', 'CSTAErrorCode'));
    assert.deepStrictEqual(
      refusal({ type: 'MonitorStart', monitorObject: {} }),
      at('expected exactly one choice', 'MonitorStart/monitorObject'),
    );
    assert.deepStrictEqual(
      refusal({ type: 'MonitorStart', monitorObject: 'tel:201' }),
      at('expected an object', 'MonitorStart/monitorObject'),
    );
  });

  it('an alternative the choice does not have', () => {
    assert.deepStrictEqual(error({ bogus: 'x' }), at("'bogus' is not a choice here", 'CSTAErrorCode'));
    assert.deepStrictEqual(error({ toString: 'x' }), at("'toString' is not a choice here", 'CSTAErrorCode'));
  });

  it('a fault inside the alternative is named by the alternative', () => {
    assert.deepStrictEqual(
      error({ operation: 'bogus' }),
      at("'bogus' is not a valid value", 'CSTAErrorCode/operation'),
    );
    assert.deepStrictEqual(
      refusal({ type: 'MonitorStart', monitorObject: { callObject: {} } }),
      at('at least one field is required', 'MonitorStart/monitorObject/callObject'),
    );
    assert.throws(
      () => encodeCstaError({ privateErrorCode: 7 } as unknown as CSTAErrorCode, { namespace: ED3 }),
      { name: 'CstaEncodeError', message: 'expected a string (at CSTAErrorCode/privateErrorCode)' },
    );
  });

  it('the alternative is written as the one child element', () => {
    assert.equal(
      write({ type: 'MonitorStart', monitorObject: { deviceObject: 'tel:201' } }),
      `${DECLARATION}<MonitorStart xmlns="${ED3}"><monitorObject><deviceObject>tel:201</deviceObject></monitorObject></MonitorStart>`,
    );
  });
});

describe('lists', () => {
  const dnd = (callingDeviceList: unknown) => ({
    type: 'SetDoNotDisturb',
    device: '201',
    doNotDisturbOn: true,
    callingDeviceList,
  });

  it('a list must be an array; a bad item is named by its index', () => {
    assert.deepStrictEqual(refusal(dnd('202')), at('expected an array', 'SetDoNotDisturb/callingDeviceList'));
    assert.deepStrictEqual(
      refusal(dnd(['202', 203])),
      at('expected a string', 'SetDoNotDisturb/callingDeviceList[1]'),
    );
  });

  it('items are written in order, each in its item element; an empty list is an empty element', () => {
    assert.match(
      write(dnd(['202', '203'])),
      /<callingDeviceList><callingDevice>202<\/callingDevice><callingDevice>203<\/callingDevice><\/callingDeviceList>/,
    );
    assert.match(
      write(dnd([])),
      /<doNotDisturbOn>true<\/doNotDisturbOn><callingDeviceList\/><\/SetDoNotDisturb>/,
    );
  });
});

describe('GetCSTAFeaturesResponse flag groups', () => {
  const features = (supportedServices: unknown, supportedEvents: unknown = []) => ({
    type: 'GetCSTAFeaturesResponse',
    supportedServices,
    supportedEvents,
  });
  const SERVICES = 'GetCSTAFeaturesResponse/supportedServices';

  it('group and flag names are element names: NCName (Namespaces in XML 1.0 §3), ASCII here', () => {
    for (const name of ['call control', '1st', '-x', 'a:b', '', ['callControlServices'], 5]) {
      assert.deepStrictEqual(
        refusal(features([{ name, features: [] }])),
        at('bad group name', `${SERVICES}[0]`),
        String(name),
      );
    }
    for (const name of ['make call', '9', 'lcs:line', ['makeCall']]) {
      assert.deepStrictEqual(
        refusal(features([{ name: 'callControlServices', features: [{ name, supported: true }] }])),
        at('bad feature name', `${SERVICES}[0][0]`),
        String(name),
      );
    }
    assert.match(
      write(features([{ name: '_x.y-1', features: [{ name: 'A_b.c-9', supported: false }] }])),
      /<supportedServices><_x\.y-1><A_b\.c-9>false<\/A_b\.c-9><\/_x\.y-1><\/supportedServices>/,
    );
  });

  it('each fault is named by the group and flag it is in', () => {
    const group = { name: 'callControlServices', features: [{ name: 'makeCall', supported: true }] };
    assert.deepStrictEqual(refusal(features('all')), at('expected an array', SERVICES));
    assert.deepStrictEqual(refusal(features([group, 'x'])), at('expected an object', `${SERVICES}[1]`));
    assert.deepStrictEqual(
      refusal(features([group, { name: 'x', features: 'all' }])),
      at('expected an array', `${SERVICES}[1]`),
    );
    assert.deepStrictEqual(
      refusal(features([{ ...group, features: [group.features[0], 'holdCall'] }])),
      at('expected an object', `${SERVICES}[0][1]`),
    );
    assert.deepStrictEqual(
      refusal(features([{ ...group, features: [{ name: 'makeCall', supported: 'yes' }] }])),
      at('expected a boolean', `${SERVICES}[0]/makeCall`),
    );
    assert.deepStrictEqual(
      refusal(features([], [group, { name: 'bad name', features: [] }])),
      at('bad group name', 'GetCSTAFeaturesResponse/supportedEvents[1]'),
    );
  });
});

describe('opaque extensions (xml-node.ts trees)', () => {
  const EXTENSIONS = 'GetCSTAFeatures/extensions';
  const withExtensions = (extensions: unknown) => ({ type: 'GetCSTAFeatures', extensions });
  const element = (name: unknown, attributes: unknown = [], children: unknown = []) => ({
    name,
    attributes,
    children,
  });

  it('element names are QNames (Namespaces in XML 1.0 §4)', () => {
    for (const name of ['1a', 'a b', 'a:b:c', ':a', 'a:', '', ['x'], 3]) {
      assert.deepStrictEqual(
        refusal(withExtensions([element(name)])),
        at('bad element name', `${EXTENSIONS}[0]`),
        String(name),
      );
    }
    assert.match(write(withExtensions([element('p:a_1.b-c')])), /<extensions><p:a_1\.b-c\/><\/extensions>/);
  });

  it('attribute names are QNames, each at most once (XML 1.0 §3.1 Unique Att Spec)', () => {
    for (const attributes of [
      [{ name: 'a b', value: '1' }],
      [{ name: '9', value: '1' }],
      [{ name: 'a:b:c', value: '1' }],
      [{ name: ['id'], value: '1' }],
      [
        { name: 'id', value: '1' },
        { name: 'id', value: '2' },
      ],
    ]) {
      assert.deepStrictEqual(
        refusal(withExtensions([element('x', attributes)])),
        at('bad or repeated attribute name', `${EXTENSIONS}[0]`),
        JSON.stringify(attributes),
      );
    }
  });

  it('a node, its attributes and its children must have their shapes', () => {
    assert.deepStrictEqual(refusal(withExtensions('x')), at('expected an array', EXTENSIONS));
    assert.deepStrictEqual(refusal(withExtensions([5])), at('expected an object', `${EXTENSIONS}[0]`));
    assert.deepStrictEqual(
      refusal(withExtensions([element('x', {})])),
      at('expected an array', `${EXTENSIONS}[0]`),
    );
    assert.deepStrictEqual(
      refusal(withExtensions([element('x', ['id'])])),
      at('expected an object', `${EXTENSIONS}[0]`),
    );
    assert.deepStrictEqual(
      refusal(withExtensions([element('x', [], 'text')])),
      at('expected an array', `${EXTENSIONS}[0]`),
    );
  });

  it('an attribute value is named by its attribute, a child by its parent and index', () => {
    assert.deepStrictEqual(
      refusal(withExtensions([element('x', [{ name: 'id', value: 1 }])])),
      at('expected a string', `${EXTENSIONS}[0]@id`),
    );
    assert.deepStrictEqual(
      refusal(withExtensions([element('x', [{ name: 'id', value: '\u0001' }])])),
      at('U+1 cannot be carried in XML', `${EXTENSIONS}[0]@id`),
    );
    assert.deepStrictEqual(
      refusal(withExtensions(['ok', element('a', [], ['t', 5])])),
      at('expected an object', `${EXTENSIONS}[1]/a[1]`),
    );
    assert.deepStrictEqual(
      refusal(withExtensions([element('a', [], [element('b', [], ['\u0000'])])])),
      at('U+0 cannot be carried in XML', `${EXTENSIONS}[0]/a[0]/b[0]`),
    );
  });

  it('is written in order: empty elements self-closed, attributes and text escaped', () => {
    const xml = write(
      withExtensions([
        element('a', [
          { name: 'k', value: `1&<>"'\r\n\t` },
          { name: 'p:q', value: '' },
        ]),
        element('b', [], [element('c'), 'x<&>\r\n', element('d', [], ['y'])]),
        'tail',
      ]),
    );
    assert.equal(
      xml,
      `${DECLARATION}<GetCSTAFeatures xmlns="${ED3}"><extensions>` +
        '<a k="1&amp;&lt;&gt;&quot;&apos;&#13;&#10;&#9;" p:q=""/>' +
        '<b><c/>x&lt;&amp;&gt;&#13;\n<d>y</d></b>tail</extensions></GetCSTAFeatures>',
    );
  });
});
