/**
 * npm run bench:console -- [--cases N (1000)] [--requests R (200)]
 *
 * The console's caseload page with N open cases in one dong: starts its own worker and API (console/test-stack.ts)
 * on the running Temporal and Kafka (npm start, or infra/up.sh), opens N cases in dong 11110510 through the
 * Temporal client (each an intake waiting for consent; personal data encrypted by the project's codec), waits
 * until the caseload lists them all, signs in as the dong's demo caseworker and requests the caseload
 * R times: the first page (the default view), then pages across the whole list. The server's time is the
 * API's Server-Timing header (Fastify's elapsed time at send). Prints p50/p95/p99 and writes
 * bench/results/console-latest.json.
 */
import { connectTemporalClient } from '../platform/temporal-connection';
import { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DEMO_DONG } from '../console/demo-identities';
import { startConsoleStack, stopConsoleStack, terminateRunWorkflows } from '../console/test-stack';
import { districtOfDong } from '../domain/areas/areas';
import { cliOptions } from '../platform/cli';
import { parseConfig } from '../platform/config';
import { createDataConverter } from '../platform/data-converter';
import { caseWorkflowId } from '../domain/case/case-state';
import { createProgress } from './progress';
import { CONSOLE_RESULTS, type ConsoleCaseloadFile } from './results';
import { summarize } from './stats';

const OPTIONS = { cases: { type: 'string' }, requests: { type: 'string' } } as const;
const Args = z.object({
  cases: z.coerce.number().int().min(1).max(20000).default(1000),
  requests: z.coerce.number().int().min(10).default(200),
});
const USAGE = 'usage: npm run bench:console -- [--cases N (1000)] [--requests R (200)]';
const PORT = 18490;
const DIR = path.resolve(__dirname, '..', '.data', 'console-bench');
const PAGE_SIZE = 25;

async function signIn(baseUrl: string): Promise<string> {
  const page = await fetch(`${baseUrl}/console/sign-in`);
  const cookie = page.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!csrf) throw new Error('no CSRF token on the sign-in page');
  const res = await fetch(`${baseUrl}/console/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, identity: 'caseworker' }),
  });
  if (res.status !== 303) throw new Error(`sign-in answered ${res.status}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

async function main(): Promise<void> {
  const opts = cliOptions(OPTIONS, Args, USAGE);
  const progress = createProgress();
  progress.done(`starting the console's own worker and API on port ${PORT}...`);
  const stack = await startConsoleStack({ dir: DIR, port: PORT, name: 'console-bench', env: { LOG_LEVEL: 'warn' } });
  try {
    const config = parseConfig({
      ...process.env,
      DOLBOM_DATA_DIR: stack.dataDir,
      TEMPORAL_TASK_QUEUE: stack.taskQueue,
      KAFKA_TOPIC_PREFIX: stack.topicPrefix,
    });
    const connection = await connectTemporalClient(config);
    const client = new Client({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      dataConverter: createDataConverter(config).dataConverter,
    });
    const districtCode = districtOfDong(DEMO_DONG).code;

    let started = 0;
    const startOne = async (i: number) => {
      const recipientPseudoId = `bench-${randomUUID().replace(/-/g, '').slice(0, 20)}`;
      await client.workflow.start('caseWorkflow', {
        taskQueue: stack.taskQueue,
        workflowId: caseWorkflowId(recipientPseudoId),
        args: [
          {
            intake: {
              recipientPseudoId,
              districtCode,
              dongCode: DEMO_DONG,
              application: { applicantType: 'self', residence: { basis: 'registeredAddress' } },
              personal: {
                name: `벤치${i}`,
                rrn: `40${String(i % 100).padStart(2, '0')}01-2${String(i).padStart(6, '0')}`,
                birthDate: '1940-01-01',
              },
              actor: { role: 'caseworker', id: 'bench' },
            },
          },
        ],
      });
      started += 1;
      if (started % 50 === 0) progress.update(`opened ${started}/${opts.cases} cases`);
    };
    for (let i = 0; i < opts.cases; i += 50)
      await Promise.all(Array.from({ length: Math.min(50, opts.cases - i) }, (_, k) => startOne(i + k)));
    progress.done(`opened ${opts.cases} cases in dong ${DEMO_DONG}`);
    const cookie = await signIn(stack.baseUrl);
    // Until the caseload lists them all (the listing projection, listing/, keeps it from the case events).
    for (const deadline = Date.now() + 10 * 60_000; ;) {
      const html = await (await fetch(`${stack.baseUrl}/console/caseload?page=1`, { headers: { cookie } })).text();
      const listed = Number(/(\d+)\s*(?:건|cases)/.exec(html)?.[1] ?? 0);
      progress.update(`the caseload lists ${listed}/${opts.cases}`);
      if (listed >= opts.cases) break;
      if (Date.now() > deadline) throw new Error(`only ${listed} cases listed after 10 minutes`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    progress.done(`the caseload lists all ${opts.cases} cases`);
    const pages = Math.ceil(opts.cases / PAGE_SIZE);
    const measure = async (page: number) => {
      const t0 = performance.now();
      const res = await fetch(`${stack.baseUrl}/console/caseload?page=${page}`, { headers: { cookie } });
      const body = await res.text();
      const client = performance.now() - t0;
      if (res.status !== 200 || !body.includes('data-case-id')) throw new Error(`caseload page ${page} answered ${res.status}`);
      const timing = res.headers.get('server-timing') ?? '';
      const dur = (name: string) => Number(new RegExp(`${name};dur=([\\d.]+)`).exec(timing)?.[1]);
      return { server: dur('app'), list: dur('list'), rows: dur('rows'), client };
    };
    // Warm-up: the first reads replay cases the worker has not cached yet (a 503 past the API's 5 s deadline is retried).
    for (let ok = 0, tries = 0; ok < 10 && tries < 60; tries++)
      ok += await measure(1).then(
        () => 1,
        () => 0,
      );
    const first: { server: number; list: number; rows: number; client: number }[] = [];
    for (let i = 0; i < opts.requests; i++) {
      first.push(await measure(1));
      if (i % 20 === 0) progress.update(`first page: ${i}/${opts.requests}`);
    }
    const spread: { server: number; list: number; rows: number; client: number }[] = [];
    for (let i = 0; i < opts.requests; i++) {
      spread.push(await measure(1 + (i % pages)));
      if (i % 20 === 0) progress.update(`pages in turn: ${i}/${opts.requests}`);
    }

    const result: ConsoleCaseloadFile = {
      at: new Date().toISOString(),
      command: `npm run bench:console -- --cases ${opts.cases} --requests ${opts.requests}`,
      openCasesInDong: opts.cases,
      pageSize: PAGE_SIZE,
      firstPage: {
        serverMs: summarize(first.map((m) => m.server)),
        listMs: summarize(first.map((m) => m.list)),
        rowsMs: summarize(first.map((m) => m.rows)),
        clientMs: summarize(first.map((m) => m.client)),
      },
      allPages: { serverMs: summarize(spread.map((m) => m.server)), clientMs: summarize(spread.map((m) => m.client)) },
    };
    const f = (s: { p50: number; p95: number; p99: number }) =>
      `p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms`;
    process.stdout.write(`\nCaseload page, ${opts.cases} open cases in one dong, ${opts.requests} requests each:\n`);
    process.stdout.write(
      `  first page (default view)   server ${f(result.firstPage.serverMs)}   (client ${f(result.firstPage.clientMs)})\n`,
    );
    process.stdout.write(`    of which the list ${f(result.firstPage.listMs)}; rows (read, scope, audit) ${f(result.firstPage.rowsMs)}\n`);
    process.stdout.write(
      `  pages 1..${pages} in turn       server ${f(result.allPages.serverMs)}   (client ${f(result.allPages.clientMs)})\n`,
    );
    const out = CONSOLE_RESULTS;
    fs.writeFileSync(out, JSON.stringify(result, null, 2));
    process.stdout.write(`written ${path.relative(process.cwd(), out)}\n`);
    // The benchmark's cases would otherwise stay open on the shared server, in the demo dong's lists.
    progress.done('terminating the benchmark cases...');
    const terminated = await terminateRunWorkflows(stack.taskQueue);
    progress.done(`terminated ${terminated} benchmark cases`);
    await connection.close();
  } finally {
    stopConsoleStack(stack.pids);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`console benchmark failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
