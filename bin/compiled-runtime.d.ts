// Types of compiled-runtime.js (plain JavaScript: bin/ctilab.js loads it before tsx).
export declare const BUILD_DIR: string;
export declare const MANIFEST: string;
export declare const TSX_COMMANDS: ReadonlySet<string>;
export declare const SERVE_BUNDLES: Readonly<Record<'cme' | 'cucm' | 'acd', string>>;
export declare function serveBundleFor(entry: string, argv: readonly string[]): string | undefined;
export declare function sha256Of(path: string): string;
export declare function freshBuildEntry(root?: string, reasons?: string[]): string | undefined;
export declare function compiledEntryFor(
  argv: readonly string[],
  env?: Record<string, string | undefined>,
  root?: string,
): string | undefined;
