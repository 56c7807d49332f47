/**
 * npx tsx bench/compare-stacks.ts: the last benchmark of each stack (bench/results/latest-single.json and
 * latest-cluster.json, written by npm run bench -- --stack ...) side by side, one row per stack.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BenchResults } from './results';

const dir = path.join(__dirname, 'results');
const label = {
  single: 'dev server (1 process, SQLite; 1 Kafka broker)',
  cluster: 'cluster (5 Temporal processes, PostgreSQL; 3 Kafka nodes)',
};
const f = (v: number | undefined, d = 0) => (v === undefined || !Number.isFinite(v) ? '-' : v.toFixed(d));

const rows: string[][] = [];
for (const stack of ['single', 'cluster'] as const) {
  const file = path.join(dir, `latest-${stack}.json`);
  if (!fs.existsSync(file)) {
    process.stderr.write(`no ${path.relative(process.cwd(), file)}: run npm run bench -- --stack ${stack} first\n`);
    continue;
  }
  const r = JSON.parse(fs.readFileSync(file, 'utf8')) as BenchResults;
  const all = r.temporalServer?.persistence.find((p) => p.operation === 'all');
  const update = r.temporalServer?.persistence.find((p) => p.operation === 'UpdateWorkflowExecution');
  const shards = r.temporalServer?.processes.filter((p) => p.shardsAtEnd !== undefined).map((p) => p.shardsAtEnd);
  rows.push([
    label[stack],
    r.startedAt.slice(0, 16),
    `${r.parameters.cases}/${r.parameters.concurrency}`,
    `${r.dolbom.done}/${r.dolbom.failed}`,
    f(r.dolbom.throughput.casesPerSecond, 2),
    f(r.dolbom.throughput.sustainedCasesPerSecond, 2),
    `${f(r.dolbom.caseMs.p50 / 1000, 1)}/${f(r.dolbom.caseMs.p95 / 1000, 1)}`,
    `${f(r.dolbom.referralRoundTripMs.fromAck.p50)}/${f(r.dolbom.referralRoundTripMs.fromAck.p95)}`,
    `${f(all?.meanMs, 1)}/${f(all?.p95Ms, 0)}`,
    `${f(update?.meanMs, 1)}/${f(update?.p95Ms, 0)}`,
    shards && shards.length > 0 ? shards.join('+') : '1 (dev server)',
  ]);
}
const head = [
  'stack',
  'started (UTC)',
  'cases/concurrency',
  'done/failed',
  'cases/s',
  'sustained',
  'case s p50/p95',
  'referral round trip ms p50/p95',
  'persistence ms mean/p95',
  'UpdateWorkflowExecution ms mean/p95',
  'shards per history process',
];
process.stdout.write(`| ${head.join(' | ')} |\n|${head.map(() => '---').join('|')}|\n`);
for (const row of rows) process.stdout.write(`| ${row.join(' | ')} |\n`);
