/**
 * The nightly workflow (.github/workflows/nightly.yml, issue 13 item 7) is a valid GitHub Actions
 * workflow: SchemaStore's workflow schema, as @action-validator/core (a devDependency) checks it,
 * finds no error in it (and does find the errors of a broken copy); and it runs what the nightly
 * must: load and failover on the containers runtime, fuzz, every mutation module, each publishing its
 * reports with actions/upload-artifact even when its run failed.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { MUTATION_MODULES } from '../../mutation/modules.ts';

const text = readFileSync(new URL('../../.github/workflows/nightly.yml', import.meta.url), 'utf8');

interface Validator {
  validateWorkflow(src: string): { errors: { code: string; path?: string; detail?: string }[] };
}

/** Loaded by name at run time (wasm inside the npm package); a missing install fails the test. */
async function validator(): Promise<Validator> {
  const name: string = '@action-validator/core';
  try {
    return (await import(name)) as Validator;
  } catch (e) {
    throw new Error(`${name} is not installed (npm ci): ${(e as Error).message}`);
  }
}

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Job {
  'runs-on': string;
  steps: Step[];
  strategy?: { matrix: { modules: string[] } };
}
const workflow = parse(text) as { on: Record<string, unknown>; jobs: Record<string, Job> };

describe('nightly workflow', () => {
  it('SchemaStore workflow schema: no error; a broken copy gets its errors', async () => {
    const v = await validator();
    assert.deepEqual(v.validateWorkflow(text).errors, []);
    const broken = text.replace('    runs-on: ubuntu-24.04', '    runs_on: ubuntu-24.04');
    const errors = JSON.stringify(v.validateWorkflow(broken).errors);
    assert.match(errors, /Additional property 'runs_on' is not allowed/);
  });

  it('runs nightly and on demand', () => {
    assert.deepEqual(Object.keys(workflow.on).sort(), ['schedule', 'workflow_dispatch']);
  });

  it('every job installs, runs its command, and publishes reports/ even on failure', () => {
    assert.deepEqual(Object.keys(workflow.jobs), ['load', 'failover', 'fuzz', 'mutation']);
    const want: Record<string, string> = {
      load: '.ci/with-docker-engine node bin/ctilab.js load --scenario labs/load/nightly.yaml --runtime containers',
      failover: '.ci/with-docker-engine npm run test:failover',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell variable in the workflow, not JavaScript
      fuzz: 'node bin/ctilab.js fuzz --interface all --minutes "${FUZZ_MINUTES}"',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an Actions expression in the workflow
      mutation: 'npm run mutation -- ${{ matrix.modules }}',
    };
    for (const [name, job] of Object.entries(workflow.jobs)) {
      assert.match(job['runs-on'], /^ubuntu-/, name);
      for (const step of job.steps)
        assert.ok((step.uses === undefined) !== (step.run === undefined), `${name}: uses or run`);
      const runs = job.steps.flatMap((s) => (s.run === undefined ? [] : [s.run]));
      assert.deepEqual(runs.slice(0, 2), ['.ci/install-system-deps', 'npm ci --no-audit --no-fund'], name);
      assert.ok(runs.includes(want[name] ?? ''), `${name} runs ${want[name]}: ${runs.join(' | ')}`);
      const upload = job.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
      assert.equal(upload?.if, 'always()', `${name} uploads its reports even when it failed`);
      assert.match(String(upload?.with?.path), /^reports\//, name);
    }
    assert.equal(workflow.jobs.fuzz?.steps.find((s) => s.run?.includes('fuzz'))?.run, want.fuzz);
  });

  it('the mutation matrix covers every module of mutation/modules.ts once', () => {
    const groups = workflow.jobs.mutation?.strategy?.matrix.modules ?? [];
    const named = groups.flatMap((g) => g.split(' '));
    assert.deepEqual([...named].sort(), MUTATION_MODULES.map((m) => m.name).sort());
  });
});
