// Cucumber profiles for `npm test` (the conformance run is `ctilab run` / `npm run conformance`,
// bin/run-command.ts, which does not read this file). `default` and `test` run every feature
// with one line per scenario (conformance/report/ci-formatter.ts) and write under reports/test/
// only (the scenarios' pcaps too, steps/hooks.ts), never over a conformance run directory;
// `failoverProcess` and `failoverContainers` run the @failover features with the scenario's
// CMEs in a lab of that runtime (world parameter `runtime`, steps/runtime-lab.ts).
const common = {
  import: ['steps/**/*.ts'],
  paths: ['features/**/*.feature'],
  strict: true,
  worldParameters: { captureDir: 'reports/test/captures' },
};

const oneLinePerScenario = './conformance/report/ci-formatter.ts';

export const test = {
  ...common,
  format: [oneLinePerScenario, 'junit:reports/test/features.junit.xml'],
};

export default test;

const failoverOn = (runtime) => ({
  ...common,
  tags: '@failover',
  worldParameters: { ...common.worldParameters, runtime },
  format: [oneLinePerScenario, `junit:reports/test/failover-${runtime}.junit.xml`],
});

export const failoverProcess = failoverOn('process');
export const failoverContainers = failoverOn('containers');
