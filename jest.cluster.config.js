/**
 * The cluster stack's tests (test/cluster/*.cluster.test.ts), on the stack `npm run cluster:up` runs: not part of
 * `npm test` (the unit project ignores them, the integration project does not match them). `npm run test:cluster`.
 */
const { projects } = require('./jest.config');

const integration = projects.find((p) => p.displayName === 'integration');
const { globalSetup: _notTheSingleNodeServers, ...common } = integration;
module.exports = {
  testTimeout: 300000,
  projects: [{ ...common, displayName: 'cluster', testMatch: ['<rootDir>/test/cluster/**/*.cluster.test.ts'] }],
};
