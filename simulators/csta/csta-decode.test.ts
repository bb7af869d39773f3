import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeCsta } from './csta-decode.ts';
import type { CstaDecodeFailure } from './csta-decode-error.ts';
import { CstaDecodeError } from './csta-decode-error.ts';
import { encodeCsta } from './csta-encode.ts';
import type { CSTAErrorCode } from './csta-error-code.ts';
import { CSTA_NAMESPACES } from './csta-namespaces.ts';
import type { DeliveredEvent, MakeCall, MonitorStart, RequestSystemStatus } from './csta-types.ts';
import { RCC_EXTENSION_NAMESPACE, rccLine } from './rcc-line.ts';

const ED3 = CSTA_NAMESPACES.ed3;
const ED4 = CSTA_NAMESPACES.ed4;

/** What pidgin-sipe (a real OCS RCC client) sends in its INVITE (ECMA TR/87 (client practice: pidgin-sipe sip-csta.c) step 1). */
const OCS_REQUEST_SYSTEM_STATUS = `<?xml version="1.0"?>
<RequestSystemStatus xmlns="${ED3}">
  <extensions>
    <privateData>
      <private>
        <lcs:line xmlns:lcs="${RCC_EXTENSION_NAMESPACE}">tel:73124;phone-context=dialstring</lcs:line>
      </private>
    </privateData>
  </extensions>
</RequestSystemStatus>`;

function expectDecodeError(
  input: string | Uint8Array,
  reason: CstaDecodeFailure,
  errorCode: CSTAErrorCode,
  options?: Parameters<typeof decodeCsta>[1],
): CstaDecodeError {
  try {
    decodeCsta(input, options);
  } catch (error) {
    assert.ok(error instanceof CstaDecodeError, `expected CstaDecodeError, got ${String(error)}`);
    assert.equal(error.reason, reason, error.message);
    assert.deepStrictEqual(error.errorCode, errorCode);
    return error;
  }
  assert.fail(`expected ${reason}`);
}

describe('decodeCsta: what real clients send', () => {
  it('OCS RequestSystemStatus with its lcs:line private data', () => {
    const decoded = decodeCsta(OCS_REQUEST_SYSTEM_STATUS);
    assert.equal(decoded.namespace, ED3);
    assert.equal(decoded.edition, 'ed3');
    const message = decoded.message as RequestSystemStatus;
    assert.equal(message.type, 'RequestSystemStatus');
    assert.equal(rccLine(message.extensions), 'tel:73124;phone-context=dialstring');
  });

  it('keeps a prefix bound outside the extensions usable inside them', () => {
    const xml = `<RequestSystemStatus xmlns="${ED3}" xmlns:lcs="${RCC_EXTENSION_NAMESPACE}"><extensions><privateData><private><lcs:line>tel:201</lcs:line></private></privateData></extensions></RequestSystemStatus>`;
    const first = decodeCsta(xml).message as RequestSystemStatus;
    assert.equal(rccLine(first.extensions), 'tel:201');
    const again = decodeCsta(encodeCsta(first, { namespace: ED3 })).message as RequestSystemStatus;
    assert.equal(rccLine(again.extensions), 'tel:201');
  });

  it('sipe MakeCall with tel: devices', () => {
    const xml = `<?xml version="1.0"?><MakeCall xmlns="${ED3}"><callingDevice>tel:201</callingDevice><calledDirectoryNumber>tel:+15551234567</calledDirectoryNumber><autoOriginate>doNotPrompt</autoOriginate></MakeCall>`;
    const expected: MakeCall = {
      type: 'MakeCall',
      callingDevice: 'tel:201',
      calledDirectoryNumber: 'tel:+15551234567',
      autoOriginate: 'doNotPrompt',
    };
    assert.deepStrictEqual(decodeCsta(xml).message, expected);
  });

  it('prefixed root and children; values stay strings (0012, +1555...)', () => {
    const xml = `<csta:MakeCall xmlns:csta="${ED4}"><csta:callingDevice>0012</csta:callingDevice><csta:calledDirectoryNumber>+15551234567</csta:calledDirectoryNumber><csta:reason>makeCall</csta:reason></csta:MakeCall>`;
    const decoded = decodeCsta(xml);
    assert.equal(decoded.edition, 'ed4');
    assert.deepStrictEqual(decoded.message, {
      type: 'MakeCall',
      callingDevice: '0012',
      calledDirectoryNumber: '+15551234567',
      reason: 'makeCall',
    });
  });

  it('MonitorStart with xsi:schemaLocation (pyssimist, ed4)', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<MonitorStart
  xmlns="${ED4}"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="${ED4} monitor-start.xsd">
  <monitorObject>
    <deviceObject>201</deviceObject>
  </monitorObject>
</MonitorStart>`;
    const expected: MonitorStart = { type: 'MonitorStart', monitorObject: { deviceObject: '201' } };
    assert.deepStrictEqual(decodeCsta(xml).message, expected);
  });

  it('DeliveredEvent as an OpenScape-style switch sends it', () => {
    const xml = `<DeliveredEvent xmlns="${ED4}">
  <monitorCrossRefID>99</monitorCrossRefID>
  <connection><callID>FF000100</callID><deviceID>202</deviceID></connection>
  <alertingDevice><deviceIdentifier>202</deviceIdentifier></alertingDevice>
  <callingDevice><deviceIdentifier>201</deviceIdentifier></callingDevice>
  <calledDevice><deviceIdentifier>202</deviceIdentifier></calledDevice>
  <lastRedirectionDevice><notRequired/></lastRedirectionDevice>
  <localConnectionInfo>alerting</localConnectionInfo>
  <cause>newCall</cause>
</DeliveredEvent>`;
    const expected: DeliveredEvent = {
      type: 'DeliveredEvent',
      monitorCrossRefID: '99',
      connection: { callID: 'FF000100', deviceID: '202' },
      alertingDevice: { deviceIdentifier: '202' },
      callingDevice: { deviceIdentifier: '201' },
      calledDevice: { deviceIdentifier: '202' },
      lastRedirectionDevice: { notRequired: true },
      localConnectionInfo: 'alerting',
      cause: 'newCall',
    };
    assert.deepStrictEqual(decodeCsta(xml).message, expected);
  });

  it('SnapshotDeviceResponse with empty snapshotData (pyssimist)', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?><SnapshotDeviceResponse xmlns="${ED4}"><crossRefIDorSnapshotData><snapshotData/></crossRefIDorSnapshotData></SnapshotDeviceResponse>`;
    assert.deepStrictEqual(decodeCsta(xml).message, {
      type: 'SnapshotDeviceResponse',
      crossRefIDorSnapshotData: { snapshotData: [] },
    });
  });

  it('a CSTAErrorCode answer', () => {
    const xml = `<CSTAErrorCode xmlns="${ED3}"><stateIncompatibility>noCallToAnswer</stateIncompatibility></CSTAErrorCode>`;
    assert.deepStrictEqual(decodeCsta(xml).message, {
      type: 'CSTAErrorCode',
      stateIncompatibility: 'noCallToAnswer',
    });
  });

  it('accepts and reports known children it does not model', () => {
    const xml = `<MakeCall xmlns="${ED3}"><callingDevice>201</callingDevice><calledDirectoryNumber>202</calledDirectoryNumber><userData><string>00</string></userData><subjectOfCall>hi &amp; bye</subjectOfCall></MakeCall>`;
    const decoded = decodeCsta(xml);
    assert.deepStrictEqual(decoded.ignored, ['MakeCall/userData']);
    assert.equal((decoded.message as MakeCall).subjectOfCall, 'hi & bye');
  });

  it('resolves character references and keeps CDATA literal', () => {
    const xml = `<MonitorStop xmlns="${ED3}"><monitorCrossRefID>&#x41;&#66;<![CDATA[&amp;<]]></monitorCrossRefID></MonitorStop>`;
    assert.deepStrictEqual(decodeCsta(xml).message, { type: 'MonitorStop', monitorCrossRefID: 'AB&amp;<' });
  });

  it('accepts bytes', () => {
    const bytes = new TextEncoder().encode(`<GetCSTAFeatures xmlns="${ED3}"/>`);
    assert.deepStrictEqual(decodeCsta(bytes).message, { type: 'GetCSTAFeatures' });
  });
});

describe('namespace echo', () => {
  for (const [edition, namespace] of Object.entries(CSTA_NAMESPACES)) {
    it(`answers a ${edition} request in ${edition}`, () => {
      const request = decodeCsta(
        `<MonitorStart xmlns="${namespace}"><monitorObject><deviceObject>201</deviceObject></monitorObject></MonitorStart>`,
      );
      assert.equal(request.edition, edition);
      const response = encodeCsta(
        { type: 'MonitorStartResponse', monitorCrossRefID: '7' },
        { namespace: request.namespace },
      );
      assert.equal(
        response,
        `<?xml version="1.0" encoding="UTF-8"?><MonitorStartResponse xmlns="${namespace}"><monitorCrossRefID>7</monitorCrossRefID></MonitorStartResponse>`,
      );
    });
  }
});

describe('decodeCsta: every error is a CstaDecodeError with a CSTAErrorCode', () => {
  const generic = { operation: 'generic' } as const;
  const limit = { systemResourceAvailibility: 'resourceLimitExceeded' } as const;

  it('malformed XML, with its position', () => {
    const error = expectDecodeError(
      `<MakeCall xmlns="${ED3}"><callingDevice>201</MakeCall>`,
      'malformed',
      generic,
    );
    assert.equal(error.details.line, 1);
  });

  it('not XML at all, empty, two roots, text outside the root', () => {
    expectDecodeError('hello', 'malformed', generic);
    expectDecodeError('', 'malformed', generic);
    expectDecodeError(
      `<GetCSTAFeatures xmlns="${ED3}"/><GetCSTAFeatures xmlns="${ED3}"/>`,
      'malformed',
      generic,
    );
  });

  it('invalid UTF-8', () => {
    expectDecodeError(new Uint8Array([0x3c, 0x61, 0xff, 0x3e]), 'malformed', generic);
  });

  it('an undeclared prefix', () => {
    expectDecodeError('<x:MakeCall/>', 'malformed', generic);
  });

  it('unknown root element -> serviceNotSupported, in the request namespace', () => {
    const error = expectDecodeError(`<ConferenceCall xmlns="${ED3}"/>`, 'unknown-message', {
      operation: 'serviceNotSupported',
    });
    assert.equal(error.namespace, ED3);
    assert.equal(error.details.messageType, 'ConferenceCall');
  });

  it('missing or foreign namespace', () => {
    expectDecodeError('<MakeCall><callingDevice>1</callingDevice></MakeCall>', 'unknown-namespace', generic);
    const error = expectDecodeError('<MakeCall xmlns="urn:not-csta"/>', 'unknown-namespace', generic);
    assert.equal(error.namespace, undefined);
  });

  it('missing mandatory element -> invalidParameterValue', () => {
    const error = expectDecodeError(
      `<MakeCall xmlns="${ED3}"><callingDevice>201</callingDevice></MakeCall>`,
      'missing-element',
      { operation: 'invalidParameterValue' },
    );
    assert.equal(error.details.path, 'MakeCall/calledDirectoryNumber');
  });

  it('ConnectionID with neither callID nor deviceID', () => {
    expectDecodeError(`<AnswerCall xmlns="${ED3}"><callToBeAnswered/></AnswerCall>`, 'missing-conditional', {
      operation: 'atLeastOneConditionalParameterNotProvided',
    });
  });

  it('out-of-order children (strict schema order)', () => {
    expectDecodeError(
      `<MakeCall xmlns="${ED3}"><calledDirectoryNumber>202</calledDirectoryNumber><callingDevice>201</callingDevice></MakeCall>`,
      'out-of-order',
      generic,
    );
    expectDecodeError(
      `<AnswerCall xmlns="${ED3}"><callToBeAnswered><deviceID>201</deviceID><callID>1</callID></callToBeAnswered></AnswerCall>`,
      'out-of-order',
      generic,
    );
  });

  it('a repeated child', () => {
    expectDecodeError(
      `<MonitorStop xmlns="${ED3}"><monitorCrossRefID>1</monitorCrossRefID><monitorCrossRefID>2</monitorCrossRefID></MonitorStop>`,
      'duplicate-element',
      generic,
    );
  });

  it('unknown child, child in another namespace, child of another edition', () => {
    const notSupported = { operation: 'parameterNotSupported' } as const;
    expectDecodeError(
      `<MakeCall xmlns="${ED3}"><callingDevice>201</callingDevice><foo/><calledDirectoryNumber>2</calledDirectoryNumber></MakeCall>`,
      'unknown-element',
      notSupported,
    );
    expectDecodeError(
      `<MonitorStop xmlns="${ED3}"><monitorCrossRefID xmlns="urn:x">1</monitorCrossRefID></MonitorStop>`,
      'unknown-element',
      notSupported,
    );
    // ECMA TR/87 (client practice: pidgin-sipe sip-csta.c): MakeCall `reason` exists from ed4 on.
    const withReason = (ns: string) =>
      `<MakeCall xmlns="${ns}"><callingDevice>201</callingDevice><calledDirectoryNumber>2</calledDirectoryNumber><reason>makeCall</reason></MakeCall>`;
    expectDecodeError(withReason(ED3), 'unknown-element', notSupported);
    assert.equal((decodeCsta(withReason(ED4)).message as MakeCall).reason, 'makeCall');
  });

  it('bad enumeration value, bad boolean, bad integer', () => {
    expectDecodeError(
      `<MakeCall xmlns="${ED3}"><callingDevice>1</callingDevice><calledDirectoryNumber>2</calledDirectoryNumber><autoOriginate>maybe</autoOriginate></MakeCall>`,
      'out-of-range',
      { operation: 'valueOutOfRange' },
    );
    expectDecodeError(
      `<SetDoNotDisturb xmlns="${ED3}"><device>201</device><doNotDisturbOn>yes</doNotDisturbOn></SetDoNotDisturb>`,
      'invalid-value',
      { operation: 'invalidParameterValue' },
    );
    expectDecodeError(
      `<SetForwarding xmlns="${ED3}"><device>201</device><activateForward>true</activateForward><ringCount>3x</ringCount></SetForwarding>`,
      'invalid-value',
      { operation: 'invalidParameterValue' },
    );
  });

  it('text where elements belong', () => {
    expectDecodeError(
      `<AnswerCall xmlns="${ED3}">oops<callToBeAnswered><callID>1</callID></callToBeAnswered></AnswerCall>`,
      'unexpected-text',
      generic,
    );
  });

  it('DOCTYPE / entity bomb is refused before parsing', () => {
    const bomb = `<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<MonitorStop xmlns="${ED3}"><monitorCrossRefID>&lol3;</monitorCrossRefID></MonitorStop>`;
    expectDecodeError(bomb, 'doctype', generic);
    // Without a DOCTYPE an entity reference is simply undeclared.
    expectDecodeError(
      `<MonitorStop xmlns="${ED3}"><monitorCrossRefID>&lol;</monitorCrossRefID></MonitorStop>`,
      'malformed',
      generic,
    );
  });

  it('oversize body, checked before parsing; limit is configurable', () => {
    const padding = ' '.repeat(64 * 1024);
    expectDecodeError(`<GetCSTAFeatures xmlns="${ED3}">${padding}</GetCSTAFeatures>`, 'too-large', limit);
    expectDecodeError(`<GetCSTAFeatures xmlns="${ED3}"/>`, 'too-large', limit, { limits: { maxBytes: 16 } });
  });

  it('too deep', () => {
    const deep = `${'<a>'.repeat(100)}${'</a>'.repeat(100)}`;
    expectDecodeError(
      `<GetCSTAFeatures xmlns="${ED3}"><extensions>${deep}</extensions></GetCSTAFeatures>`,
      'too-deep',
      limit,
    );
    const shallow = `<GetCSTAFeatures xmlns="${ED3}"><extensions><a><b/></a></extensions></GetCSTAFeatures>`;
    assert.doesNotThrow(() => decodeCsta(shallow));
    expectDecodeError(shallow, 'too-deep', limit, { limits: { maxDepth: 3 } });
  });

  it('too many elements', () => {
    const many = '<a/>'.repeat(5000);
    expectDecodeError(
      `<GetCSTAFeatures xmlns="${ED3}"><extensions>${many}</extensions></GetCSTAFeatures>`,
      'too-many-elements',
      limit,
    );
  });
});
