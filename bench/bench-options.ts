// The command-line options of the benchmarks (bench/*-options.ts), read with commander, the parser
// of the ctilab CLI (bin/cli.ts): only the options a bench declares, no positional arguments, no
// help option; every refusal is a BenchOptionError naming the option, and values are checked here
// in one way (whole numbers in a range, lists, one of a set).
import { Command, CommanderError, Option } from 'commander';
import { BenchOptionError } from './bench-option-error.ts';

/**
 * How a bench names what it refuses: `flag` as `--seconds` and the command line as `arguments`
 * (most benches); `bare` as `seconds` and `argv`, with ranges said as "is not in" (the CSTA
 * latency and SIPp benches, whose tests and callers read those names).
 */
export type OptionNaming = 'flag' | 'bare';

export interface BenchOptionSpec {
  /** Options that take a value (`--name <value>`). */
  readonly values: readonly string[];
  /** Options without a value (`--name`); `--no-x` is a plain flag too. */
  readonly flags?: readonly string[];
}

/** A bench's command line, read: its values as given, checked on the way out. */
export class BenchArgs {
  readonly #given: Map<string, string | true>;
  readonly #naming: OptionNaming;

  constructor(argv: readonly string[], spec: BenchOptionSpec, naming: OptionNaming = 'flag') {
    this.#naming = naming;
    this.#given = readCommandLine(argv, spec, naming);
  }

  /** The option's name as the refusal says it. */
  nameOf(option: string): string {
    return this.#naming === 'flag' ? `--${option}` : option;
  }

  /** A refusal of `option` (`--option: message`, or `option: message` in the bare naming). */
  refuse(option: string, message: string): never {
    throw new BenchOptionError(this.nameOf(option), message);
  }

  /** The value given for `option`, if it was. */
  value(option: string): string | undefined {
    const v = this.#given.get(option);
    return typeof v === 'string' ? v : undefined;
  }

  /** Whether the flag `option` (an option without a value) was given. */
  flag(option: string): boolean {
    return this.#given.get(option) === true;
  }

  /** A whole number in min..max, the option's value or `fallback` when it was not given. */
  integer(option: string, fallback: number | string, min: number, max: number): number {
    return this.wholeNumber(option, this.value(option) ?? String(fallback), min, max);
  }

  /** A whole number in min..max, refused as one message: `'<text>' is not an integer in min..max`. */
  integerIn(option: string, fallback: number, min: number, max: number): number {
    const text = this.value(option) ?? String(fallback);
    const n = Number(text);
    if (!/^\d{1,15}$/.test(text) || n < min || n > max)
      this.refuse(option, `'${text}' is not an integer in ${min}..${max}`);
    return n;
  }

  /** A comma-separated list of whole numbers in min..max (each item checked, spaces allowed). */
  integers(option: string, fallback: string, min: number, max: number): number[] {
    return (this.value(option) ?? fallback)
      .split(',')
      .map((item) => this.wholeNumber(option, item, min, max));
  }

  /** One of `allowed`, the option's value or `fallback`. */
  oneOf<T extends string>(option: string, fallback: T, allowed: readonly T[], said: string): T {
    const text = this.value(option) ?? fallback;
    if (!(allowed as readonly string[]).includes(text)) this.refuse(option, `'${text}' ${said}`);
    return text as T;
  }

  /** A comma-separated list of items each one of `allowed` (`said` of one that is not). */
  listOf<T extends string>(
    option: string,
    fallback: string,
    allowed: readonly T[],
    said = `is not one of ${allowed.join(', ')}`,
  ): T[] {
    const items = (this.value(option) ?? fallback).split(',').map((item) => item.trim());
    for (const item of items)
      if (!(allowed as readonly string[]).includes(item)) this.refuse(option, `'${item}' ${said}`);
    return items as T[];
  }

  /** `text` as a whole number in min..max (surrounding spaces allowed), else a refusal. */
  wholeNumber(option: string, text: string, min: number, max: number): number {
    const t = text.trim();
    if (!/^\d{1,15}$/.test(t)) this.refuse(option, `'${text}' is not a whole number`);
    const n = Number(t);
    if (n < min || n > max)
      this.refuse(option, `${n} ${this.#naming === 'flag' ? 'is outside' : 'is not in'} ${min}..${max}`);
    return n;
  }
}

/** The options given, by their long names; anything else refused as the `arguments` (or `argv`). */
function readCommandLine(
  argv: readonly string[],
  spec: BenchOptionSpec,
  naming: OptionNaming,
): Map<string, string | true> {
  const command = new Command()
    .helpOption(false)
    .allowUnknownOption(false)
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({ writeOut: () => {}, writeErr: () => {} });
  const options = [
    ...spec.values.map((name) => ({ name, option: new Option(`--${name} <value>`) })),
    ...(spec.flags ?? []).map((name) => ({ name, option: new Option(`--${name}`) })),
  ];
  for (const { option } of options) command.addOption(option);
  try {
    command.parse([...argv], { from: 'user' });
  } catch (err) {
    const message = err instanceof CommanderError ? err.message.replace(/^error: /, '') : String(err);
    throw new BenchOptionError(naming === 'flag' ? 'arguments' : 'argv', message);
  }
  const opts = command.opts<Record<string, unknown>>();
  const given = new Map<string, string | true>();
  for (const { name, option } of options) {
    const v = opts[option.attributeName()];
    // commander reads `--no-x` as x = false (and x defaults to true): given when it is false.
    if (option.negate) {
      if (v === false) given.set(name, true);
    } else if (typeof v === 'string' || v === true) given.set(name, v);
  }
  return given;
}
