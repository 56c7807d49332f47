/**
 * The console's browser tests: Playwright (@playwright/test 1.64.1, whose Chromium is major 156) driving
 * Debian's chromium (infra/install-browser.sh); nothing downloads a browser. The global setup starts the
 * console's own worker and API on the running Temporal and Kafka, with their own task queue, topic prefix,
 * data folder and port (console/e2e/stack.ts).
 *   npx playwright test -c console
 */
import { defineConfig } from '@playwright/test';
import { E2E_BASE_URL } from './e2e/stack-settings';

export default defineConfig({
  testDir: './e2e',
  testMatch: '*.spec.ts',
  globalSetup: './e2e/global-setup.ts',
  globalTeardown: './e2e/global-teardown.ts',
  timeout: 150_000,
  expect: { timeout: 15_000 },
  workers: 2,
  retries: 0,
  forbidOnly: true,
  reporter: [['list']],
  outputDir: '../.data/console-e2e/results',
  use: {
    baseURL: E2E_BASE_URL,
    locale: 'ko-KR',
    timezoneId: 'Asia/Seoul',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium' },
    trace: 'retain-on-failure',
  },
});
