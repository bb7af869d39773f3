// Cucumber profiles. `default` is the conformance job (README: npm run conformance), which
// writes reports/; `test` runs the same features as part of `npm test` with a quieter output.
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
