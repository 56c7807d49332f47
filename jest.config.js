/**
 * Two projects. Unit tests (*.test.ts) need no server. Integration tests (*.int.test.ts) run against the real
 * Temporal server and Kafka broker that `npm test` starts (scripts/test.sh), in band, because they share them;
 * their global setup checks the servers and bundles the workflow code once for every suite.
 * swc options stay inline here: a project .swcrc would leak into Temporal's workflow bundling.
 */
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' }, sourceMaps: 'inline' },
  ],
};
const common = {
  testEnvironment: 'node',
  transform,
  moduleFileExtensions: ['ts', 'js', 'json'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.data/'],
};
module.exports = {
  // Integration suites drive real servers on 2 cores; unit tests finish far inside this anyway.
  testTimeout: 120000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/**/*.test.ts', '!<rootDir>/**/*.int.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/**/*.int.test.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
    },
  ],
};
