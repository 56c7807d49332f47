// Lint: floating promises are errors everywhere; workflow code may not touch Node built-ins, I/O clients or
// non-deterministic APIs (Temporal replays it, so it must do the same thing every time).
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

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
    files: ['workflows/**/*.ts', 'test/workflows/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({ name, message: 'Workflow code is replayed: no Node built-ins. Do I/O in an activity.' })),
            ...['@temporalio/activity', '@temporalio/client', '@temporalio/worker', 'kafkajs', 'pino', 'pg', '@electric-sql/pglite'].map(
              (name) => ({ name, message: 'Workflow code may not use I/O clients; call an activity (import its type only).', allowTypeImports: true }),
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
