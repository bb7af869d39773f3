import { Grammar } from 'sip.js/lib/core/index.js';

/**
 * A bounded cache in front of the sip.js grammar. sip.js's generated parser decodes its whole
 * bytecode table again on every `Grammar.parse` call (`peg$bytecode` lives inside `peg$parse`),
 * and a message needs about nine calls (start line, Via, From, To, Call-ID, CSeq, Content-Type,
 * Content-Length, Max-Forwards, Contact); profiling the CSTA benchmark put 60% of the CME's busy
 * time there. Most of those header values repeat within a dialog, so the parse result for a
 * (rule, text) pair is kept and reused. sip.js's parser and this project only read the parsed
 * objects, never change them, which is what makes sharing them safe.
 *
 * Two values change with every message and so never hit: the Via branch (RFC 3261 §8.1.1.7: new
 * per transaction) and the CSeq number (§12.2.1.1: one more per request). For those the cache
 * keeps the parse of the text with the branch or number replaced by a fixed stand-in (same
 * grammar path: a token for a token, digits for digits) and returns a copy with the real value
 * put back; profiling the CSTA benchmark again (issue 13) found these two misses at about a
 * quarter of the CME's busy time.
 */
/**
 * A dialog brings about six values of its own (From and To with their tags, each way, Call-ID,
 * Contact): 4,096 entries thrashed with 2,000 TR/87 sessions (bench:call-events, one session per
 * monitored DN) and the misses cost 40% of the process again; 32,768 hold about 5,000 dialogs.
 */
const MAX_ENTRIES = 32_768;
const cache = new Map<string, unknown>();
let installed = false;

export type GrammarParseFn = (input: string, startRule: string) => unknown;

/** RFC 3261 §25.1 token characters (a Via branch is a token). */
const BRANCH = /;branch=([A-Za-z0-9\-.!%*_+`'~]+)(?=;|$)/gi;
/** Stand-in branch: a token the grammar reads on the same path as any other. */
const BRANCH_STAND_IN = 'z9hG4bKctilabbranch';
/** CSeq: 1..9 digits (no leading zero), one space, the method. */
const CSEQ = /^([1-9][0-9]{0,8}) (\S+)$/;

export function installGrammarCache(): void {
  if (installed) return;
  installed = true;
  const grammar = Grammar as unknown as { parse: GrammarParseFn };
  grammar.parse = cachedGrammarParse(grammar.parse);
}

/** `parse` behind the cache (exported for tests, which compare it with `parse` itself). */
export function cachedGrammarParse(parse: GrammarParseFn): GrammarParseFn {
  const lookup = (input: string, startRule: string): unknown => {
    const key = `${startRule}\u0000${input}`;
    const hit = cache.get(key);
    if (hit !== undefined || cache.has(key)) {
      // Refresh recency: Map keeps insertion order, so re-insert at the end.
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    const value = parse(input, startRule);
    cache.set(key, value);
    if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
    return value;
  };
  return (input: string, startRule: string): unknown => {
    if (startRule === 'Via' && !input.includes(',')) {
      const branches = [...input.matchAll(BRANCH)];
      const branch = branches.length === 1 ? branches[0]![1]! : undefined;
      if (branch !== undefined) {
        const at = branches[0]!.index! + ';branch='.length;
        const standIn = `${input.slice(0, at)}${BRANCH_STAND_IN}${input.slice(at + branch.length)}`;
        const parsed = lookup(standIn, startRule);
        if (isRecord(parsed) && parsed.branch === BRANCH_STAND_IN) return { ...parsed, branch };
      }
    } else if (startRule === 'CSeq') {
      const m = CSEQ.exec(input);
      if (m) {
        const parsed = lookup(`1 ${m[2]}`, startRule);
        if (isRecord(parsed) && parsed.value === 1) return { ...parsed, value: Number(m[1]) };
      }
    }
    return lookup(input, startRule);
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Entries held now (for tests). */
export function grammarCacheSize(): number {
  return cache.size;
}
