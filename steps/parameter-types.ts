import { defineParameterType } from '@cucumber/cucumber';
import { toneNames } from './phone-state-checks.ts';

/** "1, 2 and 3" -> [1, 2, 3] */
defineParameterType({
  name: 'phones',
  regexp: /\d+(?:, \d+)*(?: and \d+)?/,
  transformer: (s: string) => s.split(/,\s*|\s+and\s+/).map(Number),
});

/** A call-progress tone in plain words. */
defineParameterType({
  name: 'tone',
  regexp: new RegExp(Object.keys(toneNames).join('|')),
  transformer: (s: string) => toneNames[s]!,
});
