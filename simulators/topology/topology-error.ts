/** A topology file that cannot be used: names the file, the path inside it and the line. */
export class TopologyError extends Error {
  constructor(
    readonly file: string,
    /** Path inside the document, e.g. `nodes[1].config`; empty for the whole file. */
    readonly path: string,
    /** 1-based line, when the place is known. */
    readonly line: number | undefined,
    readonly problem: string,
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`}${path === '' ? '' : ` (${path})`}: ${problem}`);
    this.name = 'TopologyError';
  }
}

/** A place in the topology file: keys and indexes from the root. */
export type Path = ReadonlyArray<PropertyKey>;

/** Refuses the file at `path` with `problem` (load-topology.ts fills in the file and line). */
export type Fail = (path: Path, problem: string) => never;
