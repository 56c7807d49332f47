/** The fault run's table and results file. */
import type { Findings } from './verify';

export interface FaultRow {
  fault: string;
  casesInFlight: number;
  outageS: number;
  /** From the part being back until every case of the load settled; undefined when they never did. */
  recoveryS: number | undefined;
  lost: number;
  duplicated: number;
  deadLettered: number;
  /** Requests providers received again with an event id they had seen (a re-run activity): answered, ignored. */
  requestsRedelivered: number;
  /** Answers the bridge saw again and ignored as duplicates (redelivered after a crash, or resent). */
  answersIgnored: number;
  unexpectedExits: { worker: number; bridge: number };
  /** What the fault itself must have caused and did not (a codec not exercised, a wrong exit code). */
  problems: string[];
  findings: Findings;
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const padStart = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

export function faultTable(rows: FaultRow[]): string {
  const head = [
    'fault',
    'cases in flight',
    'outage',
    'recovery',
    'lost',
    'duplicated',
    'dead-lettered',
    'redelivered req/ans',
    'referrals',
    'attempts',
  ];
  const body = rows.map((r) => [
    r.fault,
    String(r.casesInFlight),
    `${r.outageS.toFixed(1)} s`,
    r.recoveryS === undefined ? 'never' : `${r.recoveryS.toFixed(1)} s`,
    String(r.lost),
    String(r.duplicated),
    String(r.deadLettered),
    `${r.requestsRedelivered}/${r.answersIgnored}`,
    String(r.findings.referrals),
    String(r.findings.attempts),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => (i === 0 ? pad(c, widths[i]!) : padStart(c, widths[i]!))).join('  ')}`;
  const out = [line(head), `  ${widths.map((w) => '-'.repeat(w)).join('  ')}`, ...body.map(line)];
  for (const r of rows) {
    for (const d of [...r.findings.lost.map((x) => `lost: ${x}`), ...r.findings.duplicated.map((x) => `duplicated: ${x}`)].slice(0, 10))
      out.push(`    ${r.fault}: ${d}`);
    for (const p of r.problems) out.push(`    ${r.fault}: PROBLEM: ${p}`);
    const exits = Object.entries(r.unexpectedExits).filter(([, n]) => n > 0);
    if (exits.length > 0) out.push(`    ${r.fault}: restarted after dying on its own: ${exits.map(([n, c]) => `${n} ×${c}`).join(', ')}`);
  }
  return `${out.join('\n')}\n`;
}

/** A row of the cluster fault runs (faults/cluster-run.ts): what the users saw, and the same verification. */
export interface ClusterFaultRow {
  fault: string;
  casesInFlight: number;
  /** From the kill until the part was back (npm run cluster:up). */
  partDownS: number;
  apiCalls: number;
  /** Failed API calls the users made (each retried on the other API process). */
  apiErrors: number;
  /** The same, by kind and API port (faults/users.ts). */
  apiErrorKinds: Record<string, number>;
  /** The longest time users saw nothing move, from the kill until the load settled. */
  longestStallS: number;
  /** From the kill until every case of the load settled; undefined when they never did. */
  settledAfterS: number | undefined;
  /** How long npm run cluster:up took to bring the part back. */
  restoreS: number;
  lost: number;
  duplicated: number;
  requestsRedelivered: number;
  findings: Findings;
}

export function clusterFaultTable(rows: ClusterFaultRow[]): string {
  const head = ['fault', 'cases in flight', 'part down', 'API errors/calls', 'longest stall', 'settled after', 'lost', 'duplicated'];
  const body = rows.map((r) => [
    r.fault,
    String(r.casesInFlight),
    `${r.partDownS.toFixed(1)} s`,
    `${r.apiErrors}/${r.apiCalls}`,
    `${r.longestStallS.toFixed(1)} s`,
    r.settledAfterS === undefined ? 'never' : `${r.settledAfterS.toFixed(1)} s`,
    String(r.lost),
    String(r.duplicated),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => (i === 0 ? pad(c, widths[i]!) : padStart(c, widths[i]!))).join('  ')}`;
  const out = [line(head), `  ${widths.map((w) => '-'.repeat(w)).join('  ')}`, ...body.map(line)];
  for (const r of rows)
    for (const d of [...r.findings.lost.map((x) => `lost: ${x}`), ...r.findings.duplicated.map((x) => `duplicated: ${x}`)].slice(0, 10))
      out.push(`    ${r.fault}: ${d}`);
  return `${out.join('\n')}\n`;
}
