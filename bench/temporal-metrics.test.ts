import { parseProm, readScrape, temporalServerReport, temporalWorkPerCase, temporalWorkText, type Scrape } from './temporal-metrics';

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

const scrapeOf = (name: string, body: string): Scrape => readScrape([{ name, body }], 0);

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

  it('counts what each case asked of the frontend and the history queues, per case, from two scrapes', () => {
    const counters = (tasks: number, upserts: number, polls: number, persisted: number) =>
      [
        `service_requests{namespace="default",operation="RespondWorkflowTaskCompleted",service_name="frontend"} ${tasks}`,
        `service_requests{namespace="default",operation="RespondWorkflowTaskCompleted",service_name="history"} ${tasks * 10}`,
        `service_requests{namespace="_unknown_",operation="PollWorkflowTaskQueue",service_name="frontend"} ${polls}`,
        `task_requests{namespace="default",operation="VisibilityTaskUpsertExecution",service_name="history"} ${upserts}`,
        `persistence_latency_count{namespace="default",operation="UpdateWorkflowExecution",service_name="history"} ${persisted}`,
      ].join('\n');
    const before = scrapeOf('temporal', counters(100, 50, 7, 1000));
    const after = scrapeOf('temporal', counters(136, 68, 7, 1200));
    const w = temporalWorkPerCase(before, after, 2);
    // The history service's own count of the same calls is not the frontend's; a counter that did not move is left out.
    expect(w.work).toEqual({ 'frontend RespondWorkflowTaskCompleted': 18, 'task VisibilityTaskUpsertExecution': 9 });
    expect(w.persistence).toEqual({ all: 100, UpdateWorkflowExecution: 100 });
    const text = temporalWorkText({ dolbom: w, baseline: temporalWorkPerCase(before, before, 2) });
    expect(text).toMatch(/frontend RespondWorkflowTaskCompleted\s+18\.0\s+0\.0/);
    expect(text.indexOf('persistence all')).toBeLessThan(text.indexOf('task VisibilityTaskUpsertExecution'));
  });
});
