// Lint: floating promises are errors everywhere; workflow code may not touch Node built-ins, I/O clients or
// non-deterministic APIs (Temporal replays it, so it must do the same thing every time). Layers point one way,
// domain <- events <- workflows/activities <- bridge/api/audit/listing/console/documents <- workers, and no module imports itself
// back through a cycle.
import { builtinModules } from 'node:module';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** What a layer may not import: the layers above it. */
const layer = (files, above) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: above.flatMap((l) => [`**/${l}/**`, `../${l}`, `../../${l}`]),
            message: `Layers point one way (eslint.config.mjs): ${files[0]} does not import from ${above.join(', ')}.`,
          },
        ],
      },
    ],
  },
});
const ABOVE_EVENTS = ['workflows', 'activities', 'api', 'bridge', 'audit', 'listing', 'console', 'documents', 'workers', 'simulator'];

const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_')).flatMap((m) => [m, `node:${m}`]);

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.data/', 'coverage/', 'infra/test-server/forward.js', '**/*.js', '**/*.mjs'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/extensions': ['.ts', '.js'], 'import-x/resolver': { node: { extensions: ['.ts', '.js', '.json'] } } },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  layer(['domain/**/*.ts'], ['events', ...ABOVE_EVENTS]),
  layer(['events/**/*.ts'], ABOVE_EVENTS),
  {
    files: ['workflows/**/*.ts', 'test/workflows/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({ name, message: 'Workflow code is replayed: no Node built-ins. Do I/O in an activity.' })),
            ...['@temporalio/activity', '@temporalio/client', '@temporalio/worker', 'kafkajs', 'pino', 'pg', '@electric-sql/pglite'].map(
              (name) => ({
                name,
                message: 'Workflow code may not use I/O clients; call an activity (import its type only).',
                allowTypeImports: true,
              }),
            ),
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['process', 'fetch', 'crypto', 'performance', 'setImmediate', 'require', 'Buffer'].map((name) => ({
          name,
          message: 'Not deterministic or not available in workflow code.',
        })),
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use uuid4() or a seeded value from @temporalio/workflow.' },
      ],
    },
  },
);
