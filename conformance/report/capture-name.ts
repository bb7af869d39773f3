import { basename } from 'node:path';

/**
 * The pcap of one scenario: its feature file, its line and its name, so every example row of a
 * Scenario Outline (a pickle of its own, on the row's line) has its own file.
 */
export function capturePcapName(pickle: { uri: string; name: string; location?: { line: number } }): string {
  const slug = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
  const feature = slug(basename(pickle.uri).replace(/\.feature$/, ''));
  const line = pickle.location === undefined ? '' : `-${pickle.location.line}`;
  return `${feature}${line}-${slug(pickle.name).slice(0, 72)}.pcap`;
}
