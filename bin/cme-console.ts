import type { StartedCme } from '../simulators/cme/cme.ts';
import { oversizeLine } from './console-line.ts';

/**
 * The router console of a served CME: the privileged EXEC commands CME CSTA guide names for CTI
 * ("show cti session", "clear cti session id N", "emadmin login name ephone-tag", "emadmin
 * logout name") and "show ephone registered". `ctilab serve cme --console` reads them from
 * standard input, one per line, and answers each with one JSON line on standard output.
 *
 * Three lab commands with no IOS equivalent drive the call model of a DN that has no phone (a
 * `cti watch` DN: bench/csta-call-events.ts places its calls in a `serve cme` child with them):
 * `call make <caller> <callee>` (ECMA-269 MakeCall, answered with the callID), `call answer
 * <callID> <dn>` (AnswerCall) and `call clear <callID> <dn>` (ClearConnection). A refusal is
 * answered with the model's ECMA-323 error code. The command is echoed in the answer, so a driver
 * with many commands in flight matches each answer to its command.
 *
 * Four more lab commands stand in for the remote party of a dial-via-office callback (CME 8.8,
 * simulators/cme/cti/cti-dial-via-office.ts; the lab has no trunk): `remote ringing` lists the
 * callbacks ringing, `remote answer <number>` answers one (the CME then places the call from the
 * office line), `remote busy <number>` and `remote unreachable <number>` end one (cause busy,
 * destNotObtainable). Every line is answered, a
 * bad one with `ok: false` and why (usage: a known command with arguments missing, extra or
 * malformed; unknown command; empty command; a line longer than
 * 4096 bytes: console-line.ts), and a refused
 * command changes nothing (cme-console.fuzz.test.ts).
 */
export type ConsoleResult =
  | { command: string; ok: true; result: unknown; closed?: Record<string, number> }
  | { command: string; ok: false; error: string };

export async function runConsoleCommand(
  lab: Pick<StartedCme, 'node' | 'cti'> & { readonly calls?: StartedCme['calls'] },
  line: string,
): Promise<ConsoleResult> {
  const tooLong = oversizeLine(line);
  if (tooLong !== undefined) return tooLong;
  const command = line.trim().replace(/\s+/g, ' ');
  const fail = (error: string): ConsoleResult => ({ command, ok: false, error });
  const done = (result: unknown): ConsoleResult => ({ command, ok: true, result });
  const words = command.split(' ');
  const lower = command.toLowerCase();
  if (lower === 'show ephone registered') {
    return done(
      lab.node.registeredDevices.map((d) => ({ device: d.deviceName, ephone: d.ephoneTag, since: d.since })),
    );
  }
  // The CTI service owns the sessions: one table, one id for both commands (and the steps).
  // `result` lists the open sessions; `closed` counts those closed since the start, by reason
  // (`connection-lost`: their TCP connection closed and the client did not come back).
  if (lower === 'show cti session') {
    if (!lab.cti) return fail('no CTI service (the IOS config was not given)');
    return { command, ok: true, result: lab.cti.sessions(), closed: lab.cti.closedSessions() };
  }
  let m = /^clear cti session id (\d+)$/i.exec(command);
  if (m) {
    // CME CSTA guide "Clear a Session Between a CSTA Client Application and Cisco Unified CME": the
    // session closes here and now; its TR/87 server BYEs the client.
    if (!lab.cti) return fail('no CTI service (the IOS config was not given)');
    const id = Number(m[1]);
    return lab.cti.clearSession(id) ? done({ cleared: id }) : fail(`no CTI session with id ${id}`);
  }
  m = /^emadmin login (\S+) (\d+)$/i.exec(command);
  if (m) {
    // CME CSTA guide Step 2: "emadmin login name ephone-tag".
    if (!lab.cti) return fail('no CTI service (the IOS config was not given)');
    const r = lab.cti.emLogin(m[1]!, Number(m[2]));
    return r.ok ? done({ ok: true, ephoneTag: r.value }) : fail(r.error);
  }
  m = /^emadmin logout (\S+)$/i.exec(command);
  if (m) {
    // CME CSTA guide Step 3: "emadmin logout name".
    if (!lab.cti) return fail('no CTI service (the IOS config was not given)');
    const r = lab.cti.emLogout(m[1]!);
    return r.ok ? done({ ok: true, ephoneTag: r.value }) : fail(r.error);
  }
  if (words[0]?.toLowerCase() === 'call') return callCommand(lab, command, words);
  if (lower === 'remote ringing') {
    if (!lab.cti) return fail('no CTI service (the IOS config was not given)');
    return done(lab.cti.dialViaOffice.ringing());
  }
  m = /^remote (answer|busy|unreachable) (\S+)$/i.exec(command);
  if (m) {
    // The lab's remote party of a dial-via-office callback (simulators/cme/cti/cti-dial-via-office.ts).
    if (!lab.cti) return fail('no CTI service (the IOS config was not given)');
    const dvo = lab.cti.dialViaOffice;
    const verb = m[1]!.toLowerCase();
    const number = m[2]!;
    const r =
      verb === 'answer' ? dvo.answer(number) : verb === 'busy' ? dvo.busy(number) : dvo.unreachable(number);
    return r.ok ? done({ [verb === 'answer' ? 'answered' : verb]: number }) : fail(r.reason);
  }
  if (words[0] === '') return fail('empty command');
  // A known command with its arguments missing, extra or malformed: its usage, not "unknown".
  for (const [head, usage] of USAGES) if (head.test(command)) return fail(`usage: ${usage}`);
  return fail(
    `unknown command; try: show cti session | clear cti session id N | emadmin login NAME EPHONE | emadmin logout NAME | show ephone registered | call make|answer|clear ... | remote answer|busy|unreachable NUMBER | remote ringing`,
  );
}

/** The console's commands by their leading words, with their usage. */
const USAGES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^show cti session(?: |$)/i, 'show cti session'],
  [/^show ephone registered(?: |$)/i, 'show ephone registered'],
  [/^clear cti session(?: |$)/i, 'clear cti session id N'],
  [/^emadmin login(?: |$)/i, 'emadmin login NAME EPHONE-TAG'],
  [/^emadmin logout(?: |$)/i, 'emadmin logout NAME'],
  [/^remote(?: |$)/i, 'remote answer|busy|unreachable NUMBER | remote ringing'],
];

/** `call make <caller> <callee>`, `call answer <callID> <dn>`, `call clear <callID> <dn>` on the call model. */
function callCommand(
  lab: { readonly calls?: StartedCme['calls'] },
  command: string,
  words: readonly string[],
): ConsoleResult {
  const fail = (error: string): ConsoleResult => ({ command, ok: false, error });
  const model = lab.calls?.model;
  if (model === undefined) return fail('no call model');
  const [, verb, a, b] = words;
  if (words.length !== 4 || a === undefined || b === undefined)
    return fail('usage: call make <caller> <callee> | call answer <callID> <dn> | call clear <callID> <dn>');
  switch (verb?.toLowerCase()) {
    case 'make': {
      const r = model.makeCall(a, b);
      return r.ok ? { command, ok: true, result: { callID: r.value.callID } } : fail(r.error.code);
    }
    case 'answer': {
      const r = model.answer({ callID: a, deviceID: b });
      return r.ok ? { command, ok: true, result: { answered: a } } : fail(r.error.code);
    }
    case 'clear': {
      const r = model.clear({ callID: a, deviceID: b });
      return r.ok ? { command, ok: true, result: { cleared: a } } : fail(r.error.code);
    }
    default:
      return fail(`unknown call command '${verb}'; try: call make | call answer | call clear`);
  }
}
