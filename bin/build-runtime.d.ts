// Types of build-runtime.js (plain JavaScript, run by `npm ci` through `prepare`).
export interface BuildInput {
  size: number;
  mtimeMs: number;
  sha256: string;
}
export interface BuildManifest {
  entry: string;
  builtBy: string;
  inputs: Record<string, BuildInput>;
}
export declare function packageManifestOf(input: string): string | undefined;
export declare function buildRuntime(opts?: {
  root?: string;
  entry?: string;
  outDir?: string;
}): Promise<BuildManifest>;
