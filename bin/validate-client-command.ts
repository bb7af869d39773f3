/**
 * `ctilab validate-client --profile <name> [--listen host:port] [--pixit file] [--client cmd |
 * --reference [--fault F]]`: grades a CTI client on the client-role rules of a profile
 * (conformance/client-validation/). Writes reports/validation/<time>-<id>-<profile>/ and points
 * reports/validation/latest at it; prints the connect line, one line per rule and the report path.
 * Exit 0 when no rule fails or errs (inconc is reported, not failed), 1 otherwise, 2 on bad usage.
 */
import { join, relative, resolve } from 'node:path';
import { type ClientPixit, loadClientPixit } from '../conformance/client-validation/client-pixit.ts';
import type { ValidationSettings } from '../conformance/client-validation/client-profile.ts';
import { fixtureCommand, profileNamed } from '../conformance/client-validation/client-profiles.ts';
import { countGrades } from '../conformance/client-validation/validation-report.ts';
import { runValidation } from '../conformance/client-validation/validation-run.ts';
import { ConformanceFileError } from '../conformance/pixit/conformance-file-error.ts';
import { pointLatest, runDirectoryName } from './run-directory.ts';

export interface ValidateClientOptions {
  profile: string;
  listen: string;
  pixit?: string;
  client?: string;
  reference?: boolean;
  fault?: string;
  runSeconds?: string;
  connectTimeout?: string;
  sessionExpires?: string;
  out: string;
}

export interface ValidateClientIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  cwd: string;
  signal?: AbortSignal;
}

/**
 * Defaults: a TR/87 session timer of 90 s (the smallest Min-SE RFC 4028 §4 allows, so a client
 * refreshes within the run); a CTI Server heartbeat interval of 5 s (the bridge minimum of the CTI
 * Server Message Reference Guide, "HEARTBEAT_REQ"), so three intervals fit the run.
 */
function defaults(protocol: 'tr87' | 'cti-server'): ValidationSettings {
  return {
    connectTimeoutSeconds: 60,
    runSeconds: 120,
    sessionExpiresSeconds: protocol === 'cti-server' ? 5 : 90,
  };
}

export async function validateClientCommand(
  options: ValidateClientOptions,
  io: ValidateClientIo,
): Promise<number> {
  const complain = (text: string) => {
    io.stderr.write(`ctilab validate-client: ${text}\n`);
    return 2;
  };
  const profile = profileNamed(options.profile);
  if (profile === undefined) return complain(`no profile '${options.profile}'`);
  const listen = /^(?<host>\[[^\]]+\]|[^:]+):(?<port>\d{1,5})$/.exec(options.listen);
  const port = Number(listen?.groups?.['port']);
  if (listen === null || port > 65535) return complain(`--listen ${options.listen} is not host:port`);
  const host = (listen.groups?.['host'] as string).replace(/^\[|\]$/g, '');
  let pixit: ClientPixit | undefined;
  if (options.pixit !== undefined) {
    try {
      pixit = loadClientPixit(resolve(io.cwd, options.pixit));
    } catch (e) {
      if (e instanceof ConformanceFileError) return complain(e.message.replace(join(io.cwd, ''), ''));
      throw e;
    }
    if (pixit.profile !== undefined && pixit.profile !== profile.name)
      return complain(`${options.pixit} is a PIXIT of profile ${pixit.profile}, not ${profile.name}`);
  }
  if (options.client !== undefined && (options.reference || options.fault !== undefined))
    return complain('--client and --reference/--fault exclude each other');
  const fixture =
    options.reference || options.fault !== undefined
      ? { ...(options.fault === undefined ? {} : { fault: options.fault }) }
      : undefined;
  let command: readonly string[] | undefined;
  if (fixture !== undefined) {
    const fixed = fixtureCommand(profile.name, fixture.fault);
    if (!fixed.ok) return complain(fixed.reason);
    command = fixed.value;
  } else if (options.client !== undefined) command = ['/bin/sh', '-c', options.client];
  const DEFAULTS = defaults(profile.protocol);
  const settings = {
    connectTimeoutSeconds:
      seconds(options.connectTimeout) ??
      pixit?.timers?.connectTimeoutSeconds ??
      DEFAULTS.connectTimeoutSeconds,
    runSeconds: seconds(options.runSeconds) ?? pixit?.timers?.runSeconds ?? DEFAULTS.runSeconds,
    sessionExpiresSeconds:
      seconds(options.sessionExpires) ??
      pixit?.timers?.sessionExpiresSeconds ??
      DEFAULTS.sessionExpiresSeconds,
  };
  for (const [name, value] of Object.entries(settings)) {
    if (!Number.isFinite(value) || value <= 0)
      return complain(`${name} must be a positive number of seconds`);
  }
  const base = join(options.out, 'validation');
  const dir = join(base, `${runDirectoryName(new Date())}-${profile.name}`);
  const say = (line: string) => io.stdout.write(`${line}\n`);
  const report = await runValidation({
    profile,
    host,
    port,
    settings,
    ...(pixit === undefined ? {} : { pixit, pixitFile: options.pixit as string }),
    ...(command === undefined ? {} : { client: command }),
    ...(fixture === undefined ? {} : { fixture }),
    dir: resolve(io.cwd, dir),
    cwd: io.cwd,
    say,
    ...(io.signal === undefined ? {} : { signal: io.signal }),
  });
  const latest = relative(io.cwd, pointLatest(resolve(io.cwd, base), resolve(io.cwd, dir)));
  for (const p of report.problems) say(`problem: ${p}`);
  for (const g of report.grades) {
    const frames = g.evidence.flatMap((e) => (e.frame === undefined ? [] : [e.frame]));
    const where =
      frames.length === 0 ? '' : ` (frame${frames.length > 1 ? 's' : ''} ${frames.slice(0, 5).join(', ')})`;
    say(`  ${g.verdict.padEnd(6)} ${g.rule.padEnd(22)} ${g.reason}${where}`);
  }
  const c = countGrades(report.grades);
  say(
    `client validation ${profile.name}: ${report.verdict} — ${report.grades.length} rules (${c.pass} pass, ${c.fail} fail, ${c.inconc} inconc, ${c.error} error)`,
  );
  say(`report: ${join(dir, 'validation.html')} (${latest})`);
  return c.fail + c.error === 0 ? 0 : 1;
}

function seconds(text: string | undefined): number | undefined {
  return text === undefined ? undefined : Number(text);
}
