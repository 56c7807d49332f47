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
  // A few dependencies ship ESM only; Jest on Node 20 loads CommonJS, so swc converts them.
  '^.+/node_modules/.+\\.js$': ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
};
const ESM_ONLY = ['content-disposition', 'cookie', '@fastify/cookie'];
const common = {
  testEnvironment: 'node',
  transform,
  moduleFileExtensions: ['ts', 'js', 'json'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.data/'],
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
};
module.exports = {
  // Integration suites drive real servers on 2 cores; unit tests finish far inside this anyway.
  testTimeout: 120000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/**/*.test.ts'],
      // The cluster stack's tests run on their own (jest.cluster.config.js).
      testPathIgnorePatterns: [...common.testPathIgnorePatterns, '\\.int\\.test\\.ts$', '\\.cluster\\.test\\.ts$'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/**/*.int.test.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
    },
  ],
};
