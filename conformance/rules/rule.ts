/**
 * A conformance rule: an ID, a one-line statement, its source (a public document a reader can
 * open and its section: a Cisco guide and section title, an ECMA standard and clause, an RFC and
 * section, a public project's file, a public capture and its frames; source-check.ts), the role it
 * applies to, and the profiles it belongs to. Scenarios name the rules they check with a tag `@<ID>`.
 */
export type RuleRole = 'server' | 'client' | 'phone';

export interface Rule {
  id: string;
  statement: string;
  source: string;
  role: RuleRole;
  profiles: string[];
}
