import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ObservationStream } from '../lab/observation.ts';
import { initialPhoneState } from '../phone/phone-state.ts';
import { dashboardView, phoneFace } from './dashboard-view.ts';

test('a phone face shows the selected set’s valid keys, the line lamps, the call party and the MWI lamp', () => {
  const s = initialPhoneState('SEP001122334455');
  s.registered = true;
  s.prompt = { raw: 'From 201', text: 'From 201', timeout: 0, lineInstance: 1, callReference: 7 };
  s.ringer = 'InsideRing';
  s.lamps = { 'VoiceMail:1': 'On' };
  s.softKeySets = [{ index: 3, name: 'RingIn', templateIndexes: [1, 2, 3], keys: ['Answer', '', 'DND'] }];
  s.selectedSoftKeys = { lineInstance: 1, callReference: 7, softKeySet: 'RingIn', validKeyMask: 0b011 };
  s.lines = {
    '1': {
      lineInstance: 1,
      dirNumber: '202',
      displayName: '',
      label: '',
      lamp: 'Blink',
      calls: {
        '7': {
          lineInstance: 1,
          callReference: 7,
          state: 'RingIn',
          callInfo: {
            callingParty: '201',
            callingPartyName: '',
            calledParty: '202',
            calledPartyName: '',
            originalCalledParty: '',
            originalCalledPartyName: '',
            lastRedirectingParty: '',
            lastRedirectingPartyName: '',
            callType: 'InBoundCall',
            callInstance: 1,
          },
          softKeySet: 'RingIn',
          validKeyMask: 3,
          prompt: 'From 201',
          privacy: 0,
          precedenceLevel: 0,
        },
      },
    },
  };
  assert.deepEqual(phoneFace('g', s), {
    group: 'g',
    device: 'SEP001122334455',
    registered: true,
    prompt: 'From 201',
    notify: null,
    lines: [
      {
        line: 1,
        dn: '202',
        label: '202',
        lamp: 'Blink',
        calls: [{ callReference: 7, state: 'RingIn', party: '201' }],
      },
    ],
    softKeys: ['Answer'],
    softKeySet: 'RingIn',
    ringer: 'InsideRing',
    speaker: 'off',
    mwi: 'On',
  });
});

test('an unregistered phone has an empty face: no keys, no lines, lamps off', () => {
  const face = phoneFace('g', initialPhoneState('SEP001122334455'));
  assert.deepEqual(
    [face.registered, face.softKeys, face.lines, face.mwi, face.prompt],
    [false, [], [], 'Off', ''],
  );
});

test('the view lists each node’s CTI sessions with their monitors, and no calls without a call model', () => {
  const v = dashboardView({
    lab: 'l',
    phoneGroups: [],
    nodes: [
      {
        name: 'cme',
        kind: 'cme',
        observations: new ObservationStream(),
        ctiSessions: () => [{ id: 3, user: 'moc', dn: '201', client: 'tr87', monitors: ['M1', 'M2'] }],
      },
    ],
  });
  assert.deepEqual(v, {
    lab: 'l',
    phones: [],
    calls: [],
    cti: [{ node: 'cme', id: 3, user: 'moc', dn: '201', client: 'tr87', monitors: ['M1', 'M2'] }],
    cucm: [],
    acd: [],
    alarms: [],
  });
});
