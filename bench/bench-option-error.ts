/**
 * The one error type of the benchmarks' own input (command-line options, generator parameters).
 * `option` names the flag or parameter that was refused.
 */
export class BenchOptionError extends Error {
  readonly option: string;

  constructor(option: string, message: string) {
    super(`${option}: ${message}`);
    this.name = 'BenchOptionError';
    this.option = option;
  }
}
