import type { CtiClientKind } from './cti-backend.ts';

/**
 * User-Agent products of Microsoft's RCC clients and servers (Office Communicator, OCS, Lync,
 * and the RTC stack they share); pidgin-sipe poses as `UCCAPI/... OC/...` (ECMA TR/87 (client practice: pidgin-sipe sip-csta.c)
 * names sipe as a real OCS RCC client).
 */
const MICROSOFT_AGENT = /\b(?:Microsoft|Office Communicat|Communications Server|Lync|RTC\/|UCCAPI|OC\/)/i;

export interface ClientEvidence {
  readonly userAgent: string | undefined;
  /** The `<lcs:line>` of the RequestSystemStatus extensions, if any. */
  readonly rccLine: string | undefined;
  /** The From URI's user part. */
  readonly fromUser: string | undefined;
  /** Is `fromUser` the register-id of a registered, cti-aware session manager? */
  readonly isCtiApplication: (registerId: string) => boolean;
}

/**
 * CME CSTA guide distinguishes MOC clients (through OCS) from applications that need a session
 * manager. A MOC/OCS client is recognised by OCS's private data (`lcs:line`, ECMA TR/87 (client practice: pidgin-sipe sip-csta.c)
 * "The TR/87 session" step 1) or a Microsoft User-Agent; a session manager by a From user that is
 * the `register-id` of a registered cti-aware session server; anything else is generic.
 */
export function detectClient(e: ClientEvidence): { client: CtiClientKind; registerId?: string } {
  if (e.rccLine !== undefined || (e.userAgent !== undefined && MICROSOFT_AGENT.test(e.userAgent)))
    return { client: 'moc' };
  if (e.fromUser !== undefined && e.isCtiApplication(e.fromUser))
    return { client: 'session-manager', registerId: e.fromUser };
  return { client: 'generic' };
}
