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
/**
 * Two generations of per-rule maps: a hit in the older one moves the entry to the current one;
 * when the current one holds half of MAX_ENTRIES it becomes the older one (the oldest entries
 * go). No per-hit delete and re-insert, no "rule + text" key built per lookup: a strict LRU on one
 * Map keyed by that string cost 11% of the call-events bench's CPU by itself.
 */
let current = new Map<string, Map<string, unknown>>();
let previous = new Map<string, Map<string, unknown>>();
let currentSize = 0;
let previousSize = 0;
let installed = false;

export type GrammarParseFn = (input: string, startRule: string) => unknown;
/**
 * What sip.js's `Grammar.parse` returns: the parsed object, or -1 when the text does not parse
 * (never null or undefined), so a property read needs no type test: `(-1).branch` is undefined.
 */
type Parsed = Record<string, unknown>;

/** RFC 3261 §25.1 token characters (a Via branch is a token). */
const BRANCH = /;branch=([A-Za-z0-9\-.!%*_+`'~]+)(?=;|$)/i;
const ANOTHER_BRANCH = /;branch=/i;
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
    // sip.js's parse gives an object or -1, never undefined or null: no `has` needed.
    const now = current.get(startRule);
    const hit = now?.get(input);
    if (hit !== undefined) return hit;
    const value = previous.get(startRule)?.get(input) ?? parse(input, startRule);
    if (now === undefined) current.set(startRule, new Map([[input, value]]));
    else now.set(input, value);
    if (++currentSize >= MAX_ENTRIES / 2) {
      previous = current;
      previousSize = currentSize;
      current = new Map();
      currentSize = 0;
    }
    return value;
  };
  return (input: string, startRule: string): unknown => {
    if (startRule === 'Via' && !input.includes(',')) {
      const m = BRANCH.exec(input);
      if (m !== null) {
        const branch = m[1]!; // the group is not optional: a match has it
        const at = m.index + ';branch='.length;
        const rest = input.slice(at + branch.length);
        // One branch parameter only: with two, which one sip.js keeps is its business.
        if (!ANOTHER_BRANCH.test(rest)) {
          const parsed = lookup(`${input.slice(0, at)}${BRANCH_STAND_IN}${rest}`, startRule) as Parsed;
          if (parsed.branch === BRANCH_STAND_IN) return { ...parsed, branch };
        }
      }
    } else if (startRule === 'CSeq') {
      const m = CSEQ.exec(input);
      if (m) {
        const parsed = lookup(`1 ${m[2]}`, startRule) as Parsed;
        if (parsed.value === 1) return { ...parsed, value: Number(m[1]) };
      }
    }
    return lookup(input, startRule);
  };
}

/** Entries held now (for tests). */
export function grammarCacheSize(): number {
  return currentSize + previousSize;
}
