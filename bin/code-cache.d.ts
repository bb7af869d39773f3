// Types of code-cache.js (plain JavaScript: bin/ctilab.js loads it before tsx).
export declare function cacheFileOf(bundle: string): string;
export declare function loadCachedBundle(bundle: string): {
  readonly exports: Record<string, unknown>;
  readonly cache: 'used' | 'absent' | 'rejected';
  saveCache(): boolean;
};
