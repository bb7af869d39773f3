import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { dialableNumber, formatDeviceId, parseDeviceId } from './device-id.ts';

describe('parseDeviceId', () => {
  it('reads the forms seen in the wild', () => {
    assert.deepStrictEqual(parseDeviceId('tel:73124;phone-context=dialstring'), {
      form: 'tel',
      number: '73124',
      phoneContext: 'dialstring',
    });
    assert.deepStrictEqual(parseDeviceId('tel:+15551234567'), { form: 'tel', number: '+15551234567' });
    assert.deepStrictEqual(parseDeviceId('sip:201@10.0.0.1'), {
      form: 'sip',
      number: '201',
      host: '10.0.0.1',
    });
    assert.deepStrictEqual(parseDeviceId('201'), { form: 'bare', number: '201' });
  });

  it('keeps leading zeros and +, drops visual separators, ignores URI parameters', () => {
    assert.equal(dialableNumber('0012'), '0012');
    assert.equal(dialableNumber('tel:+1-555-123-4567'), '+15551234567');
    assert.equal(dialableNumber('TEL:(555) 1234'), '5551234');
    assert.equal(dialableNumber('sip:+15551234567;phone-context=x@host;user=phone'), '+15551234567');
    assert.equal(dialableNumber('sips:201@host:5061'), '201');
    assert.equal(parseDeviceId('sips:201@host:5061')?.host, 'host');
    assert.equal(dialableNumber('*69'), '*69');
  });

  it('returns undefined for identifiers that carry no dialable number', () => {
    for (const id of ['sip:alice@host', 'sip:201', 'tel:', 'mailto:x@y', '', 'abc', '++1', 'tel:1+2']) {
      assert.equal(parseDeviceId(id), undefined, id);
    }
  });

  it('tel: RFC 3966 §5.1.1 separators dropped, phone-context read from any parameter position (§5.1.4)', () => {
    assert.deepStrictEqual(parseDeviceId(' tel:201 '), { form: 'tel', number: '201' });
    assert.deepStrictEqual(parseDeviceId('tel:201;ext=5;phone-context=example.com'), {
      form: 'tel',
      number: '201',
      phoneContext: 'example.com',
    });
    // Parameter names are case-insensitive (RFC 3966 §3); white space around names and values is not kept.
    assert.deepStrictEqual(parseDeviceId('tel:201; Phone-Context = dialstring ;x=y'), {
      form: 'tel',
      number: '201',
      phoneContext: 'dialstring',
    });
    // A phone-context without a value names no context.
    assert.deepStrictEqual(parseDeviceId('tel:201;phone-context'), { form: 'tel', number: '201' });
    assert.deepStrictEqual(parseDeviceId('tel:201;phone-context='), {
      form: 'tel',
      number: '201',
      phoneContext: '',
    });
  });

  it('sip: the user part is the number, the host is kept (RFC 3261 §19.1.1)', () => {
    assert.deepStrictEqual(parseDeviceId('sip:555-1234@pbx.example.com'), {
      form: 'sip',
      number: '5551234',
      host: 'pbx.example.com',
    });
    assert.deepStrictEqual(parseDeviceId('SIP:201@host;transport=tcp'), {
      form: 'sip',
      number: '201',
      host: 'host',
    });
    assert.deepStrictEqual(parseDeviceId('sip:201@host?subject=x'), {
      form: 'sip',
      number: '201',
      host: 'host',
    });
    for (const id of ['sip:201@', 'sip:201@;user=phone', 'sip:@host', 'sips:201@:5061']) {
      assert.equal(parseDeviceId(id), undefined, id);
    }
  });

  it('bare: the number with its separators dropped; a scheme is only read at the start', () => {
    assert.deepStrictEqual(parseDeviceId('555-12.34 (0)'), { form: 'bare', number: '55512340' });
    assert.equal(parseDeviceId('201-555@host;sip:x'), undefined);
    assert.equal(parseDeviceId('201 tel:202'), undefined);
    assert.equal(dialableNumber('sip:alice@host'), undefined);
    assert.equal(dialableNumber('mailto:201@host'), undefined);
  });

  it('never throws', () => {
    fc.assert(fc.property(fc.string(), (s) => void parseDeviceId(s)));
  });
});

describe('formatDeviceId (CME CSTA guide Step 11)', () => {
  it('suppress-conversion: the number as it is', () => {
    assert.equal(formatDeviceId('201', { suppressConversion: true }), '201');
  });

  it('promotion: local tel: URI as OCS writes it, or E.164 when a pattern applies', () => {
    assert.equal(formatDeviceId('201', { suppressConversion: false }), 'tel:201;phone-context=dialstring');
    assert.equal(formatDeviceId('+15551234567', { suppressConversion: false }), 'tel:+15551234567');
    const promote = (ext: string) => (/^2\d\d$/.test(ext) ? `1408555${ext.padStart(4, '0')}` : undefined);
    assert.equal(
      formatDeviceId('201', { suppressConversion: false, promoteToE164: promote }),
      'tel:+14085550201',
    );
    assert.equal(
      formatDeviceId('9', { suppressConversion: false, promoteToE164: promote }),
      'tel:9;phone-context=dialstring',
    );
  });

  it('a promotion written with or without its + gives one +', () => {
    assert.equal(
      formatDeviceId('201', { suppressConversion: false, promoteToE164: () => '+14085550201' }),
      'tel:+14085550201',
    );
  });

  it('whatever is written parses back to the same number', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\+?[0-9]{1,15}$/), fc.boolean(), (number, suppressConversion) => {
        assert.equal(dialableNumber(formatDeviceId(number, { suppressConversion })), number);
      }),
    );
  });
});
