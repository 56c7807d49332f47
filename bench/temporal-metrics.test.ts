import { parseProm, temporalServerReport, type Scrape } from './temporal-metrics';

const text = (updates: number, inSlowBucket: number, shards: number) =>
  [
    '# HELP persistence_latency persistence_latency histogram',
    `persistence_latency_bucket{namespace="default",operation="UpdateWorkflowExecution",service_name="history",le="0.01"} ${updates - inSlowBucket}`,
    `persistence_latency_bucket{namespace="default",operation="UpdateWorkflowExecution",service_name="history",le="0.1"} ${updates}`,
    `persistence_latency_bucket{namespace="default",operation="UpdateWorkflowExecution",service_name="history",le="+Inf"} ${updates}`,
    `persistence_latency_count{namespace="default",operation="UpdateWorkflowExecution",service_name="history"} ${updates}`,
    `persistence_latency_sum{namespace="default",operation="UpdateWorkflowExecution",service_name="history"} ${updates * 0.02}`,
    `numshards_gauge{operation="ShardController",service_name="history"} ${shards}`,
  ].join('\n');

/** What scrape() builds from one process's text, without the network. */
function scrapeOf(name: string, body: string): Scrape {
  const persistence: Scrape['persistence'] = new Map();
  const s: Scrape = { at: 0, persistence, requestsByProcess: {}, shards: {} };
  for (const m of parseProm(body)) {
    if (m.name === 'numshards_gauge') s.shards[name] = m.value;
    if (!m.name.startsWith('persistence_latency_')) continue;
    const h = persistence.get(m.labels.operation!) ?? { buckets: new Map<number, number>(), count: 0, sum: 0 };
    persistence.set(m.labels.operation!, h);
    if (m.name.endsWith('_bucket')) h.buckets.set(m.labels.le === '+Inf' ? Infinity : Number(m.labels.le), m.value);
    if (m.name.endsWith('_count')) ((h.count = m.value), (s.requestsByProcess[name] = m.value));
    if (m.name.endsWith('_sum')) h.sum = m.value;
  }
  return s;
}

describe('the Temporal server metrics of a bench run', () => {
  it('parses labels and values, skipping comments', () => {
    const samples = parseProm(text(10, 1, 2));
    expect(samples).toHaveLength(6);
    expect(samples[0]).toEqual({
      name: 'persistence_latency_bucket',
      labels: { namespace: 'default', operation: 'UpdateWorkflowExecution', service_name: 'history', le: '0.01' },
      value: 9,
    });
  });

  it('reports what the run added: calls, mean and bucket quantiles per operation, shards per process', () => {
    const p = [{ name: 'history-1', service: 'history', metricsUrl: 'unused' }];
    // Before: 10 calls, 1 slow. After: 110 calls, 11 slow, so the run made 100 calls, 10 of them slow.
    const r = temporalServerReport(p, scrapeOf('history-1', text(10, 1, 2)), scrapeOf('history-1', text(110, 11, 2)), [
      scrapeOf('history-1', text(50, 5, 4)),
    ]);
    const update = r.persistence.find((x) => x.operation === 'UpdateWorkflowExecution')!;
    expect(update.count).toBe(100);
    expect(update.meanMs).toBeCloseTo(20);
    expect(update.p50Ms).toBe(10);
    expect(update.p95Ms).toBe(100);
    expect(r.persistence[0]!.operation).toBe('all');
    expect(r.processes[0]).toEqual({ name: 'history-1', service: 'history', persistenceRequests: 100, shardsAtEnd: 2, shardsSeen: [4] });
  });
});
