import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  IosConfigError,
  type IosConfigErrorCode,
  type IosConfigOptions,
  parseIosConfig,
} from './ios-config.ts';

/** Parses `lines` and checks the error's code, line number and line text. */
function rejects(
  lines: string[],
  code: IosConfigErrorCode,
  line: number,
  options: IosConfigOptions = {},
): void {
  assert.throws(
    () => parseIosConfig(lines.join('\n'), options),
    (e: unknown) => {
      assert.ok(e instanceof IosConfigError, `expected IosConfigError, got ${String(e)}`);
      assert.equal(e.code, code, e.message);
      assert.equal(e.line, line, e.message);
      assert.equal(e.text, lines[line - 1]!.trim());
      assert.match(e.message, new RegExp(`^line ${line}: `));
      return true;
    },
  );
}

const dns = ['ephone-dn 1', ' number 101', 'ephone-dn 2', ' number 102'];

describe('IosConfigError names the offending line', () => {
  it('button referencing an undefined ephone-dn (checked after parsing)', () => {
    rejects([...dns, 'ephone 1', ' button 1:1 2:3'], 'undefined-dn', 6);
  });

  it('a DN defined after the ephone that uses it is fine', () => {
    assert.doesNotThrow(() =>
      parseIosConfig(['ephone 1', 'button 1:7', 'ephone-dn 7', 'number 7'].join('\n')),
    );
  });

  it('malformed mac-address', () => {
    rejects(['ephone 1', ' mac-address 001E.4A34.A35'], 'bad-mac', 2);
    rejects(['ephone 1', ' mac-address 001E.4A34.A35G'], 'bad-mac', 2);
    rejects(['ephone 1', ' mac-address'], 'missing-argument', 2);
  });

  it('the same MAC on two ephones names the second', () => {
    rejects(
      ['ephone 1', ' mac-address 001E.4A34.A35F', 'ephone 2', ' mac-address 001e4a34a35f'],
      'duplicate-mac',
      4,
    );
  });

  it('the same primary number on two ephone-dns names the second', () => {
    rejects([...dns, 'ephone-dn 3', ' number 101'], 'duplicate-number', 6);
  });

  it('more ephones than max-ephones names the first one over, when configuration is capped', () => {
    const lines = ['telephony-service', ' max-ephones 2', 'ephone 1', 'ephone 2', 'ephone 3', 'ephone 4'];
    rejects(lines, 'too-many-ephones', 5, { maxEphonesLimitsConfiguration: true });
    // By default max-ephones caps registrations (CME 4.3+), not configuration.
    assert.equal(parseIosConfig(lines.join('\n')).ephones.size, 4);
  });

  it('more DNs than max-dn names the first one over', () => {
    rejects(['telephony-service', ' max-dn 1', ...dns], 'too-many-dns', 5);
  });

  it('session-server tag outside 1..8', () => {
    rejects(['voice register session-server 9'], 'out-of-range', 1);
    rejects(['voice register session-server 0'], 'out-of-range', 1);
  });

  it('session-server keepalive outside 60..3600', () => {
    rejects(['voice register session-server 1', ' keepalive 59'], 'out-of-range', 2);
    rejects(['voice register session-server 1', ' keepalive 3601'], 'out-of-range', 2);
    assert.doesNotThrow(() => parseIosConfig('voice register session-server 1\nkeepalive 3600'));
  });

  it('register-id longer than 30 characters or not alphanumeric', () => {
    rejects(['voice register session-server 1', `register-id ${'a'.repeat(31)}`], 'bad-argument', 2);
    rejects(['voice register session-server 1', 'register-id app_1'], 'bad-argument', 2);
  });

  it('overlay with more than 10 DNs', () => {
    rejects(['ephone 1', ' button 1o1,2,3,4,5,6,7,8,9,10,11'], 'overlay-too-large', 2);
  });

  it('overlay mixing single-line and dual-line DNs', () => {
    rejects(
      ['ephone-dn 1', 'number 1', 'ephone-dn 2 dual-line', 'number 2', 'ephone 1', 'button 1o1,2'],
      'overlay-line-mode-mix',
      6,
    );
  });

  it('expansion button pointing at a button that is not an overlay', () => {
    rejects(['ephone-dn 1', 'number 1', 'ephone 1', 'button 1:1 2x1'], 'expansion-target', 4);
    rejects(['ephone-dn 1', 'number 1', 'ephone 1', 'button 1c1 2x3'], 'expansion-target', 4);
  });

  it('logout-profile that is not defined', () => {
    rejects(['ephone 3', ' logout-profile 1'], 'undefined-logout-profile', 2);
  });

  it('changing the line mode of an existing ephone-dn', () => {
    rejects(['ephone-dn 1', 'ephone-dn 1 dual-line'], 'dn-line-mode-conflict', 2);
  });

  it('malformed arguments of modelled commands', () => {
    rejects(['telephony-service', ' max-ephones ten'], 'bad-argument', 2);
    rejects(['telephony-service', ' ip source-address 10.0.0.300 port 2000'], 'bad-address', 2);
    rejects(['telephony-service', ' ip source-address 10.0.0.1 port 70000'], 'out-of-range', 2);
    rejects(['telephony-service', ' ip source-address 10.0.0.1 secondary'], 'missing-argument', 2);
    rejects(['telephony-service', ' keepalive 5'], 'out-of-range', 2);
    rejects(['telephony-service', ' transfer-system sideways'], 'bad-argument', 2);
    rejects(['telephony-service', ' max-conferences 8 gain 2'], 'out-of-range', 2);
    rejects(['telephony-service', ' em logout 25:00'], 'bad-argument', 2);
    rejects(['ephone-dn 1', ' number 20x'], 'bad-number', 2);
    rejects(['ephone-dn x'], 'bad-argument', 1);
    rejects(['ephone-dn 1 triple-line'], 'bad-argument', 1);
    rejects(['ephone 1', ' button 1:'], 'bad-button', 2);
    rejects(['voice service voip', ' sip', '  registrar server expires max 60'], 'out-of-range', 3);
    rejects(['voice register global', ' source-address 10.0.0.1 port x'], 'bad-argument', 2);
    rejects(['voice user-profile 1', ' number 204 type loud'], 'bad-argument', 2);
  });

  it('an unterminated banner', () => {
    rejects(['hostname r', 'banner motd ^C', 'hello'], 'unterminated-banner', 2);
  });

  it('reports the earliest line when several whole-config checks fail', () => {
    rejects(
      [
        'ephone 1',
        ' button 1:9',
        'ephone 2',
        ' mac-address 0000.0000.0001',
        'ephone 3',
        ' mac-address 0000.0000.0001',
      ],
      'undefined-dn',
      2,
    );
  });

  it('an ephone-dn naming an undefined ephone-dn-template (checked after parsing)', () => {
    rejects(
      ['ephone-dn-template 1', ' cti watch', ...dns, ' ephone-dn-template 3'],
      'undefined-dn-template',
      7,
    );
    // A template defined after the DN using it is fine.
    assert.doesNotThrow(() =>
      parseIosConfig(
        ['ephone-dn 1', ' ephone-dn-template 2', 'ephone-dn-template 2', ' cti watch'].join('\n'),
      ),
    );
  });

  it('malformed ephone-dn-template commands', () => {
    rejects(['ephone-dn-template 16', ' cti watch'], 'out-of-range', 1);
    rejects(['ephone-dn-template 0'], 'out-of-range', 1);
    rejects(['ephone-dn-template'], 'missing-argument', 1);
    rejects(['ephone-dn-template 1 2'], 'bad-argument', 1);
    rejects(['ephone-dn 1', ' ephone-dn-template x'], 'bad-argument', 2);
    rejects(['ephone-dn 1', ' ephone-dn-template 16'], 'out-of-range', 2);
  });

  it('an unknown or mistyped command is not an error', () => {
    const c = parseIosConfig('voice service voip\ncsta cti mode basic\nfrobnicate 1 2 3');
    assert.deepEqual(
      c.unmodelled.map((u) => [u.line, u.mode]),
      [
        [2, 'voice-service-voip'],
        [3, 'voice-service-voip'],
      ],
    );
  });
});
