/** A PICS or PIXIT file that cannot be used: names the file, the path inside it and the line. */
export class ConformanceFileError extends Error {
  constructor(
    readonly file: string,
    /** Path inside the document, e.g. `addresses.sip.port`; empty for the whole file. */
    readonly path: string,
    /** 1-based line, when the place is known. */
    readonly line: number | undefined,
    readonly problem: string,
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`}${path === '' ? '' : ` (${path})`}: ${problem}`);
    this.name = 'ConformanceFileError';
  }
}
