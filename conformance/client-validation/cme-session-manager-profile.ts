/**
 * `validate-client --profile cme-session-manager`: a CSTA application behind a session manager
 * (Cisco Unified CME System Administrator Guide, "CTI CSTA Protocol Suite" > "Create a Session
 * Manager"): it REGISTERs its register-id (`apps`, cti-aware) and keeps re-registering, and its
 * session (From: the register-id) may control every `cti watch` line. The CME of
 * labs/cme-session-manager.cfg, with the registrar's minimum lowered to 1 s so the registration
 * the client asks for (the run's short timer) is granted and its renewal graded in seconds.
 */
import type { ClientProfile, ProfileRun } from './client-profile.ts';
import { CME_ACTIONS, CME_SESSION_RULES } from './cme-moc-profile.ts';
import { driveCmeTr87 } from './cme-tr87-plan.ts';
import { startCmeValidationLab } from './cme-validation-lab.ts';
import { gradeTr87 } from './tr87-client-graders.ts';

export const cmeSessionManagerProfile: ClientProfile = {
  name: 'cme-session-manager',
  protocol: 'tr87',
  summary:
    'a CSTA application with a session manager (register-id apps) on the CME of labs/cme-session-manager.cfg',
  rules: [...CME_SESSION_RULES, 'CME-CTI-SM-007'],
  actions: CME_ACTIONS,
  async start(opts): Promise<ProfileRun> {
    const lab = await startCmeValidationLab('cme-session-manager.cfg', opts, (ios) => {
      const voip = ios.voiceServiceVoip;
      if (voip)
        voip.sipRegistrar = {
          expiresMin: 1,
          expiresMax: voip.sipRegistrar?.expiresMax,
          line: voip.sipRegistrar?.line ?? 0,
        };
    });
    return {
      connect: {
        endpoints: { sip: { ...lab.sip, transport: 'tcp' } },
        settings: {
          user: 'apps',
          registerId: 'apps',
          registerExpiresSeconds: opts.settings.sessionExpiresSeconds,
          line: '201',
          monitor: ['201', '202'],
          namespace: 'http://www.ecma-international.org/standards/ecma-323/csta/ed3',
          sessionExpiresSeconds: opts.settings.sessionExpiresSeconds,
          phones: ['201', '202'],
        },
      },
      serverEndpoints: { sip: [lab.sip], cti: [] },
      drive: (ctx) => driveCmeTr87(ctx, lab, { line: '201', other: '202', monitored: ['201', '202'] }),
      stop: () => lab.stop(),
    };
  },
  grade: (transcript, stimuli, settings) =>
    gradeTr87(cmeSessionManagerProfile.rules, transcript, stimuli, settings),
};
