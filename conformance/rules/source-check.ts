/**
 * A rule's source must be one a reader can open (issue 12 item 3): a public document and its
 * section (a Cisco guide, an ECMA standard and clause, an RFC and section), a public project's
 * file, or a public capture and its frames. Notes kept outside the repository are not sources:
 * `reference/...`, `seeds/...`, `shared/...`, `../...`, DESIGN.md, an issue number, or any `.md`
 * file the repository does not hold.
 */
const OUTSIDE: readonly [RegExp, string][] = [
  [/(?:^|[^\w.-])(?:reference|seeds?|shared)\//, 'names a folder outside the repository'],
  [/(?:^|[^\w.])\.\.\//, 'names a path outside the repository'],
  [/\bDESIGN\.md\b/, 'names DESIGN.md, which is outside the repository'],
  [/\bissue \d+\b/i, 'names an issue of the project tracker, which readers cannot open'],
];

/**
 * Why `source` is not a public source, or undefined when it is. `inRepository` answers whether a
 * repository-relative path exists (a `.md` file is only a source if the repository holds it).
 */
export function sourceProblem(source: string, inRepository: (path: string) => boolean): string | undefined {
  if (source.trim() === '') return 'is empty';
  for (const [pattern, why] of OUTSIDE) if (pattern.test(source)) return why;
  for (const m of source.matchAll(/[\w./-]+\.md\b/g)) {
    if (!inRepository(m[0])) return `names ${m[0]}, which is not in the repository`;
  }
  return undefined;
}
