// Every way a CSTA body is refused, with the reason, the diagnostic and the element path the
// decoder reports (csta-decode-error.ts maps the reason to the CSTAErrorCode the server answers;
// the message and path are what a conformance verdict shows the user).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CstaDecodeOptions } from './csta-decode.ts';
import { decodeCsta } from './csta-decode.ts';
import type { CstaDecodeErrorDetails, CstaDecodeFailure } from './csta-decode-error.ts';
import { CstaDecodeError } from './csta-decode-error.ts';
import { CSTA_NAMESPACES } from './csta-namespaces.ts';

const ED3 = CSTA_NAMESPACES.ed3;
const ED6 = CSTA_NAMESPACES.ed6;

interface Refusal {
  readonly reason: CstaDecodeFailure;
  readonly message: string;
  readonly details: CstaDecodeErrorDetails;
}

function refusalOf(input: string | Uint8Array, options?: CstaDecodeOptions): Refusal {
  try {
    decodeCsta(input, options);
  } catch (error) {
    assert.ok(error instanceof CstaDecodeError, `expected CstaDecodeError, got ${String(error)}`);
    return { reason: error.reason, message: error.message, details: error.details };
  }
  return assert.fail('expected a CstaDecodeError');
}

/** A schema refusal inside an ed3 `messageType` document: reason, message and path. */
function schemaRefusal(
  messageType: string,
  reason: CstaDecodeFailure,
  message: string,
  path: string,
  namespace: string = ED3,
): Refusal {
  return { reason, message: `${message} (at ${path})`, details: { namespace, messageType, path } } as Refusal;
}

const doc = (root: string, inner: string, namespace: string = ED3) =>
  `<${root} xmlns="${namespace}">${inner}</${root}>`;

describe('refusals of the document element', () => {
  it('a root element without a namespace, and with xmlns="" (Namespaces in XML §6.2)', () => {
    const expected = {
      reason: 'unknown-namespace',
      message: '<MakeCall> has no namespace',
      details: { messageType: 'MakeCall' },
    };
    assert.deepStrictEqual(refusalOf('<MakeCall/>'), expected);
    assert.deepStrictEqual(refusalOf('<MakeCall xmlns=""/>'), expected);
  });

  it('a namespace that is not an ECMA-323 edition', () => {
    assert.deepStrictEqual(refusalOf('<csta:MakeCall xmlns:csta="urn:not-csta"/>'), {
      reason: 'unknown-namespace',
      message: "'urn:not-csta' is not an ECMA-323 namespace",
      details: { messageType: 'MakeCall' },
    });
  });

  it('a service this switch does not offer is named in the request namespace', () => {
    assert.deepStrictEqual(refusalOf(`<ConferenceCall xmlns="${ED6}"/>`), {
      reason: 'unknown-message',
      message: '<ConferenceCall> is not a supported CSTA message (at ConferenceCall)',
      details: { namespace: ED6, messageType: 'ConferenceCall', path: 'ConferenceCall' },
    });
  });

  it('names of Object.prototype members are not messages', () => {
    // fast-xml-parser itself refuses an unprefixed <constructor>/<__proto__>; a prefix gets past it.
    for (const name of ['constructor', '__proto__', 'toString', 'isPrototypeOf']) {
      assert.equal(refusalOf(`<c:${name} xmlns:c="${ED3}"/>`).reason, 'unknown-message', name);
    }
  });
});

describe('refusals of simple values (XML Schema Part 2 lexical spaces)', () => {
  it('xsd:boolean is only true, false, 1 or 0', () => {
    for (const value of ['yes', 'TRUE', '2', '']) {
      assert.deepStrictEqual(
        refusalOf(doc('SetDoNotDisturb', `<device>201</device><doNotDisturbOn>${value}</doNotDisturbOn>`)),
        schemaRefusal(
          'SetDoNotDisturb',
          'invalid-value',
          `'${value}' is not a boolean`,
          'SetDoNotDisturb/doNotDisturbOn',
        ),
      );
    }
  });

  it('xsd:integer refuses junk before or after the digits', () => {
    for (const value of ['x3', '3x', '', '+', '1.5', '1e3', '0x10', '- 1']) {
      assert.deepStrictEqual(
        refusalOf(
          doc(
            'SetForwarding',
            `<device>201</device><activateForward>1</activateForward><ringCount>${value}</ringCount>`,
          ),
        ),
        schemaRefusal(
          'SetForwarding',
          'invalid-value',
          `'${value}' is not an integer`,
          'SetForwarding/ringCount',
        ),
      );
    }
  });

  it('an integer beyond the safe-integer range is out of range, not rounded', () => {
    for (const value of ['9007199254740992', '-9007199254740992', '99999999999999999999']) {
      assert.deepStrictEqual(
        refusalOf(
          doc(
            'SetForwarding',
            `<device>201</device><activateForward>1</activateForward><ringDuration>${value}</ringDuration>`,
          ),
        ),
        schemaRefusal(
          'SetForwarding',
          'out-of-range',
          `${value} is out of range`,
          'SetForwarding/ringDuration',
        ),
      );
    }
  });

  it('an enumeration value outside its list', () => {
    assert.deepStrictEqual(
      refusalOf(
        doc(
          'MakeCall',
          '<callingDevice>1</callingDevice><calledDirectoryNumber>2</calledDirectoryNumber><autoOriginate>maybe</autoOriginate>',
        ),
      ),
      schemaRefusal('MakeCall', 'out-of-range', "'maybe' is not a valid value", 'MakeCall/autoOriginate'),
    );
  });

  it('an element inside a simple value', () => {
    assert.deepStrictEqual(
      refusalOf(doc('MonitorStop', '<monitorCrossRefID>1<b/></monitorCrossRefID>')),
      schemaRefusal(
        'MonitorStop',
        'unknown-element',
        '<b> is not allowed in a simple value',
        'MonitorStop/monitorCrossRefID/b',
      ),
    );
  });

  it('content inside an empty element (<unspecified/>)', () => {
    assert.deepStrictEqual(
      refusalOf(doc('CSTAErrorCode', '<unspecified><x/></unspecified>')),
      schemaRefusal('CSTAErrorCode', 'unknown-element', 'element must be empty', 'CSTAErrorCode/unspecified'),
    );
    assert.deepStrictEqual(
      refusalOf(doc('CSTAErrorCode', '<unspecified>x</unspecified>')),
      schemaRefusal(
        'CSTAErrorCode',
        'unexpected-text',
        'text is not allowed here',
        'CSTAErrorCode/unspecified',
      ),
    );
  });
});

describe('refusals of a choice (xsd:choice: exactly one alternative)', () => {
  it('no alternative', () => {
    assert.deepStrictEqual(
      refusalOf(doc('MonitorStart', '<monitorObject> </monitorObject>')),
      schemaRefusal(
        'MonitorStart',
        'missing-element',
        'one choice element is required',
        'MonitorStart/monitorObject',
      ),
    );
    assert.deepStrictEqual(
      refusalOf(`<CSTAErrorCode xmlns="${ED3}"/>`),
      schemaRefusal('CSTAErrorCode', 'missing-element', 'one choice element is required', 'CSTAErrorCode'),
    );
  });

  it('two alternatives, the same one twice or two different ones', () => {
    const expected = schemaRefusal(
      'MonitorStart',
      'duplicate-element',
      'only one of deviceObject|callObject',
      'MonitorStart/monitorObject',
    );
    assert.deepStrictEqual(
      refusalOf(
        doc(
          'MonitorStart',
          '<monitorObject><deviceObject>1</deviceObject><deviceObject>2</deviceObject></monitorObject>',
        ),
      ),
      expected,
    );
    assert.deepStrictEqual(
      refusalOf(
        doc(
          'MonitorStart',
          '<monitorObject><deviceObject>1</deviceObject><callObject><callID>1</callID></callObject></monitorObject>',
        ),
      ),
      expected,
    );
  });

  it('an alternative the choice does not have, including Object.prototype member names', () => {
    // Prefixed, so that fast-xml-parser's own guard against prototype names does not refuse them first.
    for (const name of ['foo', 'isPrototypeOf', 'constructor', 'toString', '__proto__']) {
      assert.deepStrictEqual(
        refusalOf(
          doc('MonitorStart', `<monitorObject><c:${name} xmlns:c="${ED3}">1</c:${name}></monitorObject>`),
        ),
        schemaRefusal(
          'MonitorStart',
          'unknown-element',
          `unexpected <${name}>`,
          `MonitorStart/monitorObject/${name}`,
        ),
        name,
      );
    }
  });

  it('a fault inside the chosen alternative is reported at its path', () => {
    assert.deepStrictEqual(
      refusalOf(doc('MonitorStart', '<monitorObject><callObject/></monitorObject>')),
      schemaRefusal(
        'MonitorStart',
        'missing-conditional',
        'one of callID, deviceID is required',
        'MonitorStart/monitorObject/callObject',
      ),
    );
  });
});

describe('refusals of lists and of DeflectCall newDestination', () => {
  it('a list item with the wrong element name, at its index', () => {
    assert.deepStrictEqual(
      refusalOf(
        doc(
          'SetDoNotDisturb',
          '<device>201</device><doNotDisturbOn>true</doNotDisturbOn><callingDeviceList><callingDevice>1</callingDevice><device>2</device></callingDeviceList>',
        ),
      ),
      schemaRefusal(
        'SetDoNotDisturb',
        'unknown-element',
        'expected <callingDevice>',
        'SetDoNotDisturb/callingDeviceList/device[1]',
      ),
    );
  });

  it('a fault inside a list item carries the item index', () => {
    assert.deepStrictEqual(
      refusalOf(
        doc(
          'GetForwardingResponse',
          '<forwardingList><forwardListItem><forwardingType>forwardImmediate</forwardingType><forwardStatus>maybe</forwardStatus></forwardListItem></forwardingList>',
        ),
      ),
      schemaRefusal(
        'GetForwardingResponse',
        'invalid-value',
        "'maybe' is not a boolean",
        'GetForwardingResponse/forwardingList/forwardListItem[0]/forwardStatus',
      ),
    );
  });

  const deflect = (destination: string) =>
    doc(
      'DeflectCall',
      `<callToBeDiverted><callID>1</callID></callToBeDiverted><newDestination>${destination}</newDestination>`,
      ED6,
    );

  it('newDestination items must be <device>', () => {
    assert.deepStrictEqual(
      refusalOf(deflect('<target>203</target>')),
      schemaRefusal(
        'DeflectCall',
        'unknown-element',
        'expected <device>',
        'DeflectCall/newDestination/target',
        ED6,
      ),
    );
  });

  it('several destinations cannot be deflected to', () => {
    assert.deepStrictEqual(
      refusalOf(deflect('<device>203</device><device>204</device>')),
      schemaRefusal(
        'DeflectCall',
        'unsupported-value',
        'only one destination is supported',
        'DeflectCall/newDestination',
        ED6,
      ),
    );
  });

  it('the device is a simple value', () => {
    assert.deepStrictEqual(
      refusalOf(deflect('<device><x/></device>')),
      schemaRefusal(
        'DeflectCall',
        'unknown-element',
        '<x> is not allowed in a simple value',
        'DeflectCall/newDestination/device/x',
        ED6,
      ),
    );
    assert.deepStrictEqual(
      refusalOf(deflect('203<device>204</device>')),
      schemaRefusal(
        'DeflectCall',
        'unexpected-text',
        'text is not allowed here',
        'DeflectCall/newDestination',
        ED6,
      ),
    );
  });
});

describe('refusals of a sequence (strict schema order)', () => {
  it('a child the element does not have', () => {
    assert.deepStrictEqual(
      refusalOf(doc('MakeCall', '<callingDevice>201</callingDevice><foo/>')),
      schemaRefusal('MakeCall', 'unknown-element', '<foo> is not a child of <MakeCall>', 'MakeCall/foo'),
    );
    assert.deepStrictEqual(
      refusalOf(doc('MonitorStop', `<c:constructor xmlns:c="${ED3}">1</c:constructor>`)),
      schemaRefusal(
        'MonitorStop',
        'unknown-element',
        '<constructor> is not a child of <MonitorStop>',
        'MonitorStop/constructor',
      ),
    );
  });

  it('a child of a later edition (MakeCall reason is ed4 on)', () => {
    assert.deepStrictEqual(
      refusalOf(
        doc(
          'MakeCall',
          '<callingDevice>1</callingDevice><calledDirectoryNumber>2</calledDirectoryNumber><reason>makeCall</reason>',
        ),
      ),
      schemaRefusal(
        'MakeCall',
        'unknown-element',
        '<reason> is not a child of <MakeCall>',
        'MakeCall/reason',
      ),
    );
  });

  it('a repeated child', () => {
    assert.deepStrictEqual(
      refusalOf(
        doc(
          'MonitorStop',
          '<monitorCrossRefID>1</monitorCrossRefID><monitorCrossRefID>2</monitorCrossRefID>',
        ),
      ),
      schemaRefusal(
        'MonitorStop',
        'duplicate-element',
        '<monitorCrossRefID> appears twice',
        'MonitorStop/monitorCrossRefID',
      ),
    );
  });

  it('a child after one that must follow it names the one it must precede', () => {
    assert.deepStrictEqual(
      refusalOf(
        doc(
          'MakeCall',
          '<callingDevice>1</callingDevice><autoOriginate>prompt</autoOriginate><calledDirectoryNumber>2</calledDirectoryNumber>',
        ),
      ),
      schemaRefusal(
        'MakeCall',
        'out-of-order',
        '<calledDirectoryNumber> must come before <autoOriginate>',
        'MakeCall/calledDirectoryNumber',
      ),
    );
  });

  it('a mandatory child that is missing, after the ones present', () => {
    assert.deepStrictEqual(
      refusalOf(doc('MakeCall', '<calledDirectoryNumber>2</calledDirectoryNumber>')),
      schemaRefusal(
        'MakeCall',
        'missing-element',
        'mandatory <callingDevice> is missing',
        'MakeCall/callingDevice',
      ),
    );
  });

  it('a ConnectionID with neither callID nor deviceID', () => {
    assert.deepStrictEqual(
      refusalOf(doc('AnswerCall', '<callToBeAnswered></callToBeAnswered>')),
      schemaRefusal(
        'AnswerCall',
        'missing-conditional',
        'one of callID, deviceID is required',
        'AnswerCall/callToBeAnswered',
      ),
    );
  });

  it('a child in another namespace, prefixed or by default namespace', () => {
    assert.deepStrictEqual(
      refusalOf(doc('MonitorStop', '<x:monitorCrossRefID xmlns:x="urn:x">1</x:monitorCrossRefID>')),
      schemaRefusal(
        'MonitorStop',
        'unknown-element',
        '<x:monitorCrossRefID> is not in the CSTA namespace',
        'MonitorStop/monitorCrossRefID',
      ),
    );
    assert.deepStrictEqual(
      refusalOf(doc('MonitorStop', '<monitorCrossRefID xmlns="">1</monitorCrossRefID>')),
      schemaRefusal(
        'MonitorStop',
        'unknown-element',
        '<monitorCrossRefID> is not in the CSTA namespace',
        'MonitorStop/monitorCrossRefID',
      ),
    );
  });

  it('text between children', () => {
    assert.deepStrictEqual(
      refusalOf(doc('AnswerCall', '<callToBeAnswered><callID>1</callID>oops</callToBeAnswered>')),
      schemaRefusal(
        'AnswerCall',
        'unexpected-text',
        'text is not allowed here',
        'AnswerCall/callToBeAnswered',
      ),
    );
  });
});

describe('refusals of GetCSTAFeaturesResponse flag groups', () => {
  it('a flag that is not an xsd:boolean, at its group path', () => {
    assert.deepStrictEqual(
      refusalOf(
        doc(
          'GetCSTAFeaturesResponse',
          '<supportedServices><callControlServices><makeCall>yes</makeCall></callControlServices></supportedServices>',
        ),
      ),
      schemaRefusal(
        'GetCSTAFeaturesResponse',
        'invalid-value',
        "'yes' is not a boolean",
        'GetCSTAFeaturesResponse/supportedServices/callControlServices/makeCall',
      ),
    );
  });

  it('text inside a group', () => {
    assert.deepStrictEqual(
      refusalOf(
        doc('GetCSTAFeaturesResponse', '<supportedEvents><callControl>x</callControl></supportedEvents>'),
      ),
      schemaRefusal(
        'GetCSTAFeaturesResponse',
        'unexpected-text',
        'text is not allowed here',
        'GetCSTAFeaturesResponse/supportedEvents/callControl',
      ),
    );
  });
});
