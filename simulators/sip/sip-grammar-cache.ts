import { Grammar } from 'sip.js/lib/core/index.js';

/**
 * A bounded cache in front of the sip.js grammar. sip.js's generated parser decodes its whole
 * bytecode table again on every `Grammar.parse` call (`peg$bytecode` lives inside `peg$parse`),
 * and a message needs about nine calls (start line, Via, From, To, Call-ID, CSeq, Content-Type,
 * Content-Length, Max-Forwards, Contact); profiling the CSTA benchmark put 60% of the CME's busy
 * time there. Most of those header values repeat within a dialog, so the parse result for a
 * (rule, text) pair is kept and reused. sip.js's parser and this project only read the parsed
 * objects, never change them, which is what makes sharing them safe.
 */
const MAX_ENTRIES = 4096;
const cache = new Map<string, unknown>();
let installed = false;

type ParseFn = (input: string, startRule: string) => unknown;

export function installGrammarCache(): void {
  if (installed) return;
  installed = true;
  const grammar = Grammar as unknown as { parse: ParseFn };
  const original = grammar.parse;
  grammar.parse = (input: string, startRule: string): unknown => {
    const key = `${startRule}\u0000${input}`;
    const hit = cache.get(key);
    if (hit !== undefined || cache.has(key)) {
      // Refresh recency: Map keeps insertion order, so re-insert at the end.
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    const value = original(input, startRule);
    cache.set(key, value);
    if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
    return value;
  };
}

/** Entries held now (for tests). */
export function grammarCacheSize(): number {
  return cache.size;
}
