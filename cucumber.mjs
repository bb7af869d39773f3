// Cucumber profiles. `default` is the conformance job (README: npm run conformance), which
// writes reports/; `test` runs the same features as part of `npm test` with a quieter output;
// `failoverProcess` and `failoverContainers` run the @failover features with the scenario's
// CMEs in a lab of that runtime (world parameter `runtime`, steps/runtime-lab.ts).
const common = {
  import: ['steps/**/*.ts'],
  paths: ['features/**/*.feature'],
  strict: true,
};

export default {
  ...common,
  format: [
    'progress-bar',
    'junit:reports/conformance.junit.xml',
    'html:reports/conformance.html',
    'json:reports/conformance.json',
    'message:reports/conformance.ndjson',
  ],
};

export const test = {
  ...common,
  format: ['summary', 'junit:reports/test-features.junit.xml'],
};

const failoverOn = (runtime) => ({
  ...common,
  tags: '@failover',
  worldParameters: { runtime },
  format: ['summary', `junit:reports/failover-${runtime}.junit.xml`],
});

export const failoverProcess = failoverOn('process');
export const failoverContainers = failoverOn('containers');
