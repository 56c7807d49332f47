/** Where the browser tests' own stack runs: the project's Temporal and Kafka, its own queue, topics, data and port. */
import path from 'node:path';

export const E2E_PORT = Number(process.env.CONSOLE_E2E_PORT ?? 18480);
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
export const E2E_DIR = path.resolve(__dirname, '..', '..', '.data', 'console-e2e');
export const SCREENSHOT_DIR = path.resolve(__dirname, '..', 'screenshots');
/** Short enough for the expired-session test to wait it out. */
export const E2E_IDLE_MINUTES = 1;
