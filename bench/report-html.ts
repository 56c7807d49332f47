/** A self-contained HTML page of the results, with inline SVG charts (no scripts, no external assets). */
import { BASELINE_PHASES, type BenchResults } from './results';

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#17becf'];
const fmt = (v: number, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : '–');

interface Series {
  name: string;
  points: [number, number][];
  color?: string;
}

function niceMax(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function lineChart(
  title: string,
  series: Series[],
  xLabel: string,
  yLabel: string,
  bands: { from: number; to: number; label: string }[] = [],
): string {
  const W = 760,
    H = 300,
    L = 60,
    R = 150,
    T = 30,
    B = 45;
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1]));
  const xMax = niceMax(Math.max(1, ...xs, ...bands.map((b) => b.to)));
  const yMax = niceMax(Math.max(0, ...ys) * 1.05);
  const x = (v: number) => L + (v / xMax) * (W - L - R);
  const y = (v: number) => H - B - (v / yMax) * (H - T - B);
  const parts: string[] = [`<text x="${L}" y="18" class="t">${esc(title)}</text>`];
  bands.forEach((b, i) => {
    parts.push(
      `<rect x="${x(b.from)}" y="${T}" width="${Math.max(0, x(b.to) - x(b.from))}" height="${H - T - B}" fill="${i % 2 ? '#f3f3f3' : '#eaf2fb'}"/>`,
    );
    if (x(b.to) - x(b.from) >= 40) parts.push(`<text x="${x(b.from) + 4}" y="${T + 12}" class="s">${esc(b.label)}</text>`);
  });
  for (let i = 0; i <= 5; i++) {
    const v = (yMax * i) / 5;
    parts.push(
      `<line x1="${L}" x2="${W - R}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/><text x="${L - 6}" y="${y(v) + 4}" text-anchor="end" class="s">${fmt(v, v < 10 ? 1 : 0)}</text>`,
    );
    const xv = (xMax * i) / 5;
    parts.push(`<text x="${x(xv)}" y="${H - B + 16}" text-anchor="middle" class="s">${fmt(xv, 0)}</text>`);
  }
  parts.push(
    `<line x1="${L}" x2="${L}" y1="${T}" y2="${H - B}" stroke="#333"/><line x1="${L}" x2="${W - R}" y1="${H - B}" y2="${H - B}" stroke="#333"/>`,
  );
  parts.push(`<text x="${(L + W - R) / 2}" y="${H - 8}" text-anchor="middle" class="s">${esc(xLabel)}</text>`);
  parts.push(`<text transform="translate(14 ${(T + H - B) / 2}) rotate(-90)" text-anchor="middle" class="s">${esc(yLabel)}</text>`);
  series.forEach((s, i) => {
    const color = s.color ?? COLORS[i % COLORS.length]!;
    if (s.points.length > 0)
      parts.push(
        `<polyline fill="none" stroke="${color}" stroke-width="2" points="${s.points.map(([a, b]) => `${x(a).toFixed(1)},${y(b).toFixed(1)}`).join(' ')}"/>`,
      );
    parts.push(
      `<rect x="${W - R + 12}" y="${T + i * 18}" width="12" height="12" fill="${color}"/><text x="${W - R + 30}" y="${T + i * 18 + 10}" class="s">${esc(s.name)}</text>`,
    );
  });
  return `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`;
}

function barChart(title: string, groups: { label: string; values: number[] }[], seriesNames: string[], unit: string): string {
  const rowH = 14 * seriesNames.length + 10;
  const W = 760,
    L = 190,
    R = 70,
    T = 40;
  const H = T + groups.length * rowH + 20;
  const vMax = niceMax(Math.max(1, ...groups.flatMap((g) => g.values.filter(Number.isFinite))));
  const x = (v: number) => L + (v / vMax) * (W - L - R);
  const parts: string[] = [`<text x="10" y="18" class="t">${esc(title)}</text>`];
  seriesNames.forEach((n, i) =>
    parts.push(
      `<rect x="${L + i * 90}" y="24" width="12" height="10" fill="${COLORS[i]}"/><text x="${L + i * 90 + 16}" y="33" class="s">${esc(n)}</text>`,
    ),
  );
  groups.forEach((g, gi) => {
    const top = T + gi * rowH;
    parts.push(`<text x="${L - 6}" y="${top + rowH / 2 + 2}" text-anchor="end" class="s">${esc(g.label)}</text>`);
    g.values.forEach((v, i) => {
      const w = Number.isFinite(v) ? x(v) - L : 0;
      parts.push(
        `<rect x="${L}" y="${top + i * 14}" width="${Math.max(0.5, w)}" height="12" fill="${COLORS[i]}"/><text x="${L + w + 4}" y="${top + i * 14 + 10}" class="s">${fmt(v)} ${unit}</text>`,
      );
    });
  });
  parts.push(`<line x1="${L}" x2="${L}" y1="${T - 4}" y2="${H - 16}" stroke="#333"/>`);
  return `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`;
}

function table(rows: (string | number)[][], header: string[]): string {
  const cell = (v: string | number) => `<td>${esc(typeof v === 'number' ? fmt(v) : v)}</td>`;
  return `<table><thead><tr>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map(cell).join('')}</tr>`).join('')}</tbody></table>`;
}

export function renderHtml(r: BenchResults, headlineRows: [string, string][]): string {
  const throughputSeries: Series[] = [{ name: 'Dolbom', points: r.dolbom.throughput.series.map((p) => [p.t, p.rate]) }];
  if (r.baselineBefore)
    throughputSeries.push({ name: BASELINE_PHASES.before, points: r.baselineBefore.throughput.series.map((p) => [p.t, p.rate]) });
  if (r.baseline) throughputSeries.push({ name: BASELINE_PHASES.after, points: r.baseline.throughput.series.map((p) => [p.t, p.rate]) });
  const procs = [...new Set(r.memory.samples.flatMap((s) => Object.keys(s.rssMiB)))];
  const rssSeries: Series[] = procs.map((p) => ({
    name: p,
    points: r.memory.samples.filter((s) => s.rssMiB[p] !== undefined).map((s) => [s.t, s.rssMiB[p]!]),
  }));
  const bands = r.memory.phases.filter((p) => p.name !== 'done').map((p) => ({ from: p.fromS, to: p.toS, label: p.name }));
  const latGroups = [
    ...Object.entries(r.dolbom.latencyMs).map(([a, s]) => ({ label: `Dolbom ${a}`, values: [s.p50, s.p95, s.p99] })),
    ...Object.entries(r.baseline?.latencyMs ?? {}).map(([a, s]) => ({ label: `baseline ${a}`, values: [s.p50, s.p95, s.p99] })),
    ...(r.dolbom.referralRoundTripMs.fromSend.count > 0
      ? [
          {
            label: 'referral round trip',
            values: [
              r.dolbom.referralRoundTripMs.fromSend.p50,
              r.dolbom.referralRoundTripMs.fromSend.p95,
              r.dolbom.referralRoundTripMs.fromSend.p99,
            ],
          },
        ]
      : []),
  ];
  const latRows = [
    ...Object.entries(r.dolbom.latencyMs).map(([a, s]) => ['Dolbom', a, s.count, s.p50, s.p95, s.p99, s.max, s.errors]),
    ...Object.entries(r.baseline?.latencyMs ?? {}).map(([a, s]) => ['baseline', a, s.count, s.p50, s.p95, s.p99, s.max, s.errors]),
  ] as (string | number)[][];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Dolbom benchmark ${esc(r.startedAt)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:900px}
h1{font-size:20px}h2{font-size:16px;margin-top:28px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left}
th{background:#f4f4f4}.t{font:bold 13px system-ui,sans-serif}.s{font:11px system-ui,sans-serif;fill:#333}
.headline{font-size:18px;margin:8px 0 16px}
</style></head><body>
<h1>Dolbom benchmark</h1>
<p>${esc(r.startedAt)} · ${r.parameters.cases} cases · concurrency ${r.parameters.concurrency} · ${r.machine.cpus} CPUs (${esc(r.machine.cpuModel)}) · ${fmt(r.machine.totalMemoryMiB / 1024)} GiB · Node ${esc(r.machine.node)}</p>
${
  r.ratio
    ? `<p class="headline">Dolbom throughput / baseline: <b>${fmt(r.ratio.throughput, 2)}</b> (sustained ${fmt(r.ratio.sustained, 2)})${
        (r.ratio.against ?? []).length > 1
          ? `, against the mean of the baseline before and after it; against each: ${(r.ratio.against ?? []).map((a) => `${esc(a.phase)} ${fmt(a.throughput, 2)}`).join(', ')}`
          : ''
      }</p>`
    : ''
}
${table(headlineRows, ['figure', 'value'])}
<h2>Throughput over time</h2>
${lineChart('Cases done per second (trailing 5 s)', throughputSeries, 'seconds since the first case started', 'cases / s')}
<h2>Memory (RSS) over the run</h2>
${lineChart('VmRSS per process', rssSeries, 'seconds since the benchmark started', 'MiB', bands)}
<h2>Latency percentiles</h2>
${barChart('Client-side wall time per request (p50 / p95 / p99)', latGroups, ['p50', 'p95', 'p99'], 'ms')}
${table(latRows, ['path', 'action', 'count', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'errors'])}
<h2>Referral round trip: where the time goes</h2>
${
  r.dolbom.referralRoundTripMs.breakdown
    ? table(
        Object.entries(r.dolbom.referralRoundTripMs.breakdown.segmentsMs).map(([k, v]) => [k, v.count, v.p50, v.p95, v.mean]),
        ['segment', 'n', 'p50 ms', 'p95 ms', 'mean ms'],
      )
    : '<p>not measured</p>'
}
<h2>CPU per process</h2>
${table(
  Object.entries(r.memory.cpu).flatMap(([phase, procs]) =>
    Object.entries(procs)
      .sort((a, b) => b[1].cpuSeconds - a[1].cpuSeconds)
      .map(([p, c]) => [phase, p, c.cpuSeconds, c.coreShare, r.cpuPerCaseMs[phase]?.[p] ?? NaN]),
  ),
  ['phase', 'process', 'CPU s', 'cores busy', 'CPU ms per case'],
)}
${
  r.dolbom.readProbe
    ? `<h2>One read: GET /cases/:id</h2><p>${r.dolbom.readProbe.requests} requests on a finished case at concurrency ${r.dolbom.readProbe.concurrency}, p50 ${fmt(r.dolbom.readProbe.latencyMs.p50)} ms.</p>${table(
        Object.entries(r.dolbom.readProbe.cpuMsPerRequest)
          .sort((a, b) => b[1] - a[1])
          .map(([p, v]) => [p, v]),
        ['process', 'CPU ms per request'],
      )}`
    : ''
}
<h2>Per case, from one case's history</h2>
${
  r.historyCounts
    ? table(
        Object.entries({ case: r.historyCounts.case, ...r.historyCounts.referrals }).map(([id, c]) => [
          id,
          c.activitiesScheduled,
          c.childrenStarted,
          c.signalsReceived,
          c.updatesAccepted,
          c.localActivityMarkers,
          c.events,
        ]),
        ['workflow', 'activities', 'children', 'signals in', 'updates', 'local-activity markers', 'events'],
      )
    : '<p>not counted</p>'
}
${r.baseline ? `<p>Baseline shape: ${esc(JSON.stringify(r.baseline.shape))}</p>` : ''}
</body></html>
`;
}
