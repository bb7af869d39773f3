/**
 * The upper tester of the shipped fixture clients (`validate-client --reference`): each action is
 * `POST {control}/<action>?<arguments>` on the control endpoint the fixture printed, 2xx meaning
 * done. A vendor's client gets the same through a PIXIT (pixit-upper-tester.ts).
 */
import type { Clock } from '../../simulators/lab/clock.ts';
import type { UpperTester } from './upper-tester.ts';

export function controlUpperTester(
  control: () => string | undefined,
  actions: readonly string[],
  clock: Clock,
): UpperTester {
  return {
    supports: (action) => actions.includes(action),
    async perform(action, args) {
      const base = control();
      if (base === undefined) return { ok: false, detail: 'the client printed no control endpoint' };
      const url = `${base}/${action}?${new URLSearchParams(args as Record<string, string>).toString()}`;
      const abort = new AbortController();
      const timer = clock.setTimeout(() => abort.abort(new Error('no answer in 10 s')), 10_000);
      try {
        const response = await fetch(url, { method: 'POST', signal: abort.signal });
        const text = (await response.text()).trim().slice(-300);
        return { ok: response.ok, detail: `HTTP ${response.status}${text === '' ? '' : `: ${text}`}` };
      } catch (e) {
        return { ok: false, detail: (e as Error).message };
      } finally {
        timer.cancel();
      }
    },
  };
}
