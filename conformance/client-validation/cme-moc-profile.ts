/**
 * `validate-client --profile cme-moc`: a Microsoft Office Communicator-style client (RCC: one
 * session on its own line, no session manager) against the CME of labs/cme-moc.cfg with its
 * SCCP phones (201, 202). Cisco Unified CME System Administrator Guide, "CTI CSTA Protocol Suite":
 * "CTI Session", "Create a Session Manager" (a MOC client needs none).
 */
import type { ClientProfile, ProfileRun } from './client-profile.ts';
import { driveCmeTr87 } from './cme-tr87-plan.ts';
import { startCmeValidationLab } from './cme-validation-lab.ts';
import { gradeTr87 } from './tr87-client-graders.ts';

export const CME_SESSION_RULES = [
  'CME-CTI-SESSION-001',
  'CME-CTI-SESSION-003',
  'CME-CTI-SESSION-005',
  'CME-CTI-SESSION-006',
  'CME-CTI-SESSION-008',
  'CME-CTI-SESSION-012',
  'CME-CTI-SESSION-013',
  'CME-CTI-SESSION-015',
  'CME-CTI-SESSION-016',
  'CME-CTI-SESSION-017',
] as const;

export const CME_ACTIONS = ['make-call', 'answer', 'hold', 'retrieve', 'clear'] as const;

export const cmeMocProfile: ClientProfile = {
  name: 'cme-moc',
  protocol: 'tr87',
  summary: 'a MOC-style TR/87 client of the CME (labs/cme-moc.cfg): one session on its line 201',
  rules: CME_SESSION_RULES,
  actions: CME_ACTIONS,
  async start(opts): Promise<ProfileRun> {
    const lab = await startCmeValidationLab('cme-moc.cfg', opts);
    return {
      connect: {
        endpoints: { sip: { ...lab.sip, transport: 'tcp' } },
        settings: {
          user: 'moc-user',
          line: '201',
          monitor: ['201'],
          userAgent: 'Microsoft Office Communicator (RTC/3.5)',
          namespace: 'http://www.ecma-international.org/standards/ecma-323/csta/ed3',
          sessionExpiresSeconds: opts.settings.sessionExpiresSeconds,
          phones: ['201', '202'],
        },
      },
      serverEndpoints: { sip: [lab.sip], cti: [] },
      drive: (ctx) => driveCmeTr87(ctx, lab, { line: '201', other: '202', monitored: ['201'] }),
      stop: () => lab.stop(),
    };
  },
  grade: (transcript, stimuli, settings) => gradeTr87(cmeMocProfile.rules, transcript, stimuli, settings),
};
