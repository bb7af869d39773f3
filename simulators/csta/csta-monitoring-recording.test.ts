import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeCsta } from './csta-decode.ts';
import { CstaDecodeError } from './csta-decode-error.ts';
import { encodeCsta } from './csta-encode.ts';
import type { CSTAErrorCode } from './csta-error-code.ts';
import { CSTA_NAMESPACES } from './csta-namespaces.ts';
import type { CstaMessage } from './csta-types.ts';

// The elements of silent monitoring and recording (CUCM-ACG-008, CUCM-ACG-010): ECMA-269 Single
// Step Conference Call and the voice unit services Record Message / Stop with their Record and
// Stop events (clause 26). Child order: the ECMA-323 ed6/ed3 classes the ECMA-323 schema (ed3/ed6 element order)
// was recovered from (emsonm/Ratcow.Csta Ed6.cs / Ed3.cs), as csta-schema.ts records.

const ED3 = CSTA_NAMESPACES.ed3;
const ED6 = CSTA_NAMESPACES.ed6;

function roundTrip(message: CstaMessage, namespace: string = ED3): string {
  const xml = encodeCsta(message, { namespace });
  assert.deepEqual(decodeCsta(xml).message, message, xml);
  return xml;
}

function decodeError(xml: string): { reason: string; code: CSTAErrorCode } {
  try {
    decodeCsta(xml);
  } catch (e) {
    assert.ok(e instanceof CstaDecodeError, String(e));
    return { reason: e.reason, code: e.errorCode };
  }
  assert.fail(`decoded: ${xml}`);
}

describe('SingleStepConferenceCall (ECMA-269 Single Step Conference Call)', () => {
  it('round-trips with its children in schema order: activeCall, deviceToJoin, participationType', () => {
    const xml = roundTrip({
      type: 'SingleStepConferenceCall',
      activeCall: { callID: 'C1', deviceID: 'tel:1001' },
      deviceToJoin: 'tel:1003',
      participationType: 'silent',
    });
    assert.equal(
      xml,
      `<?xml version="1.0" encoding="UTF-8"?><SingleStepConferenceCall xmlns="${ED3}"><activeCall><callID>C1</callID><deviceID>tel:1001</deviceID></activeCall><deviceToJoin>tel:1003</deviceToJoin><participationType>silent</participationType></SingleStepConferenceCall>`,
    );
    roundTrip(
      { type: 'SingleStepConferenceCall', activeCall: { deviceID: '1001' }, deviceToJoin: '1003' },
      ED6,
    );
  });

  it('the response carries the joined connection (conferencedCall)', () => {
    roundTrip({
      type: 'SingleStepConferenceCallResponse',
      conferencedCall: { callID: 'C1', deviceID: 'tel:1003' },
    });
  });

  it('bad input gets the CSTA error of its fault', () => {
    const ssc = (children: string) =>
      `<SingleStepConferenceCall xmlns="${ED3}">${children}</SingleStepConferenceCall>`;
    const active = '<activeCall><callID>C1</callID></activeCall>';
    // participationType outside silent | active | none.
    assert.deepEqual(
      decodeError(
        ssc(
          `${active}<deviceToJoin>1003</deviceToJoin><participationType>silentParticipation</participationType>`,
        ),
      ),
      {
        reason: 'out-of-range',
        code: { operation: 'valueOutOfRange' },
      },
    );
    assert.deepEqual(decodeError(ssc(active)), {
      reason: 'missing-element',
      code: { operation: 'invalidParameterValue' },
    });
    assert.deepEqual(decodeError(ssc(`<deviceToJoin>1003</deviceToJoin>${active}`)), {
      reason: 'out-of-order',
      code: { operation: 'generic' },
    });
    assert.deepEqual(decodeError(ssc(`<activeCall/><deviceToJoin>1003</deviceToJoin>`)), {
      reason: 'missing-conditional',
      code: { operation: 'atLeastOneConditionalParameterNotProvided' },
    });
    assert.deepEqual(
      decodeError(ssc(`${active}<deviceToJoin>1003</deviceToJoin><monitorType>call</monitorType>`)),
      {
        reason: 'unknown-element',
        code: { operation: 'parameterNotSupported' },
      },
    );
  });

  it('accountCode, correlatorData and the like are accepted in place and dropped', () => {
    const d = decodeCsta(
      `<SingleStepConferenceCall xmlns="${ED3}"><activeCall><callID>C1</callID></activeCall><deviceToJoin>1003</deviceToJoin><participationType>active</participationType><accountCode>00</accountCode><correlatorData>x</correlatorData></SingleStepConferenceCall>`,
    );
    assert.deepEqual(d.message, {
      type: 'SingleStepConferenceCall',
      activeCall: { callID: 'C1' },
      deviceToJoin: '1003',
      participationType: 'active',
    });
    assert.deepEqual(d.ignored, [
      'SingleStepConferenceCall/accountCode',
      'SingleStepConferenceCall/correlatorData',
    ]);
  });
});

describe('RecordMessage and Stop (ECMA-269 voice unit services)', () => {
  it('RecordMessage round-trips: callToBeRecorded, resource, samplingRate, encodingAlgorithm, maxDuration', () => {
    const xml = roundTrip({
      type: 'RecordMessage',
      callToBeRecorded: { callID: 'C2', deviceID: 'tel:1001' },
      samplingRate: 8000,
      encodingAlgorithm: 'muLawPCM6K',
      maxDuration: 60000,
    });
    assert.match(
      xml,
      /<callToBeRecorded><callID>C2<\/callID><deviceID>tel:1001<\/deviceID><\/callToBeRecorded><samplingRate>8000<\/samplingRate><encodingAlgorithm>muLawPCM6K<\/encodingAlgorithm><maxDuration>60000<\/maxDuration>/,
    );
    roundTrip({ type: 'RecordMessageResponse', resultingMessage: 'rec-1' });
  });

  it('Stop names the message and/or the connection; StopResponse is empty', () => {
    roundTrip({ type: 'Stop', messageToBeStopped: 'rec-1' });
    roundTrip({
      type: 'Stop',
      connection: { callID: 'C2', deviceID: 'tel:1001' },
      messageToBeStopped: 'rec-1',
    });
    const xml = roundTrip({ type: 'StopResponse' });
    assert.equal(xml, `<?xml version="1.0" encoding="UTF-8"?><StopResponse xmlns="${ED3}"/>`);
  });

  it('RecordEvent and StopEvent: connection, message, cause', () => {
    roundTrip({
      type: 'RecordEvent',
      monitorCrossRefID: '1',
      connection: { callID: 'C2', deviceID: 'tel:1001' },
      message: 'rec-1',
    });
    const xml = roundTrip({
      type: 'StopEvent',
      monitorCrossRefID: '1',
      connection: { callID: 'C2', deviceID: 'tel:1001' },
      message: 'rec-1',
      cause: 'normalClearing',
    });
    assert.match(xml, /<message>rec-1<\/message><cause>normalClearing<\/cause><\/StopEvent>$/);
  });

  it('bad input gets the CSTA error of its fault', () => {
    const rec = (children: string) => `<RecordMessage xmlns="${ED3}">${children}</RecordMessage>`;
    const call = '<callToBeRecorded><callID>C2</callID></callToBeRecorded>';
    assert.deepEqual(decodeError(rec('')), {
      reason: 'missing-element',
      code: { operation: 'invalidParameterValue' },
    });
    assert.deepEqual(decodeError(rec(`${call}<samplingRate>fast</samplingRate>`)), {
      reason: 'invalid-value',
      code: { operation: 'invalidParameterValue' },
    });
    assert.deepEqual(decodeError(rec(`${call}<encodingAlgorithm>mp3</encodingAlgorithm>`)), {
      reason: 'out-of-range',
      code: { operation: 'valueOutOfRange' },
    });
    assert.deepEqual(decodeError(rec(`<maxDuration>5</maxDuration>${call}`)), {
      reason: 'out-of-order',
      code: { operation: 'generic' },
    });
    assert.deepEqual(
      decodeError(
        `<Stop xmlns="${ED3}"><messageToBeStopped>a</messageToBeStopped><messageToBeStopped>b</messageToBeStopped></Stop>`,
      ),
      {
        reason: 'duplicate-element',
        code: { operation: 'generic' },
      },
    );
    assert.deepEqual(decodeError(`<RecordMessageResponse xmlns="${ED3}"/>`), {
      reason: 'missing-element',
      code: { operation: 'invalidParameterValue' },
    });
  });
});
