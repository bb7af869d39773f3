/**
 * What `ctilab serve cme` tells the operator about the IOS commands it keeps but does not model
 * (issue 12 item 6): one summary line by default, the lines themselves with `--verbose`.
 */
export interface UnmodelledLine {
  readonly line: number;
  readonly text: string;
}

/** The stderr lines for `unmodelled`: none when every command is modelled. */
export function unmodelledReport(unmodelled: readonly UnmodelledLine[], verbose: boolean): string[] {
  if (unmodelled.length === 0) return [];
  const n = unmodelled.length;
  const lines = n === 1 ? '1 config line' : `${n} config lines`;
  if (!verbose) return [`[cme] ${lines} kept but not modelled; --verbose lists them`];
  return [
    `[cme] ${lines} kept but not modelled:`,
    ...unmodelled.map((u) => `[cme]   line ${u.line}: ${u.text}`),
  ];
}
