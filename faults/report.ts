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
