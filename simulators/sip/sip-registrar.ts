import type { SipCore } from './sip-core.ts';
import { type IncomingRegister, parseRegister, type RegisterFields } from './sip-register.ts';
import type { ServerRequest } from './sip-server-request.ts';

/**
 * The registrar (RFC 3261 §10.3): REGISTER requests go to the installed handler, which decides
 * (200 with the bindings, 404, 423...). While one is installed REGISTER is in Allow; without one
 * REGISTER gets 405.
 */
export class SipRegistrar {
  private handler: ((register: IncomingRegister) => void) | undefined;

  constructor(private readonly core: SipCore) {}

  /** One registrar per endpoint: a second call replaces the first. Returns an uninstall function. */
  install(fn: (register: IncomingRegister) => void): () => void {
    this.handler = fn;
    this.core.registrarInstalled = true;
    return () => {
      if (this.handler !== fn) return;
      this.handler = undefined;
      this.core.registrarInstalled = false;
    };
  }

  /** RFC 3261 §10.3: REGISTER goes to the registrar; bad Contact/Expires syntax is a 400. */
  receive(sr: ServerRequest): void {
    const handler = this.handler;
    if (!handler) {
      sr.refuse(405, undefined, [['Allow', this.core.allowedMethods().join(', ')]]);
      return;
    }
    const parsed = parseRegister(sr.request);
    if (!parsed.ok) {
      sr.refuse(parsed.error, parsed.reason);
      return;
    }
    const tx = sr.transaction;
    try {
      handler(this.incomingRegister(sr, parsed.value));
    } catch {
      if (tx.finalStatus === undefined) sr.respond(500);
    }
    // A registrar that does not answer at once: 500 rather than a transaction kept forever.
    if (tx.finalStatus === undefined)
      this.core.clock.setTimeout(() => {
        if (tx.finalStatus === undefined && !tx.isTerminated) sr.respond(500);
      }, 64 * this.core.timers.t1);
  }

  private incomingRegister(sr: ServerRequest, parsed: RegisterFields): IncomingRegister {
    const tx = sr.transaction;
    return {
      request: sr.request,
      transport: sr.flow.transport,
      remote: sr.flow.remote,
      aor: parsed.aor,
      user: parsed.user,
      contacts: parsed.contacts,
      expires: parsed.expires,
      accept: (bindings, opts = {}) => {
        if (tx.finalStatus !== undefined) return;
        // §10.3 step 8: the 200 lists every current binding with its expires parameter.
        const contacts = bindings.map((b): readonly [string, string] => [
          'Contact',
          `<${b.uri}>;expires=${b.expires}`,
        ]);
        sr.respond(200, opts, contacts);
      },
      reject: (status, opts = {}) => {
        if (tx.finalStatus !== undefined) return;
        if (status < 300 || status > 699)
          throw new RangeError(`reject needs a 3xx-6xx status, got ${status}`);
        this.core.stats.rejected++;
        sr.respond(status, opts);
      },
    };
  }
}
