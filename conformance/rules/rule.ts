/**
 * A conformance rule (DESIGN.md section 7): an ID, a one-line statement, its source (seed file
 * and heading, or reference section), the role it applies to, and the profiles it belongs to.
 * Scenarios name the rules they check with a tag `@<ID>`.
 */
export type RuleRole = 'server' | 'client' | 'phone';

export interface Rule {
  id: string;
  statement: string;
  source: string;
  role: RuleRole;
  profiles: string[];
}
