/**
 * Which stack the benchmark measures (`--stack single|cluster`), and the one place that says where it is:
 * - single (the default): the running `npm start` stack, the API at API_HOST:API_PORT, the dev server's metrics at
 *   TEMPORAL_METRICS_PORT (infra/env.sh's defaults), Kafka as infra/as-principal.sh set it up;
 * - cluster: the running `npm run cluster:up` stack (platform/local-cluster-stack.ts): its API process 1, its
 *   Temporal frontend and brokers, its own data folder and Kafka identities, and every Temporal process's metrics.
 * It sets the environment the platform's config reads (platform/config.ts) before the bench bootstraps.
 */
import { DOLBOM_PRINCIPALS } from '../events/kafka-acls';
import { clusterSettings } from '../platform/local-cluster-stack';
import { localKafkaEnv } from '../platform/local-kafka-credentials';
import type { TemporalProcess } from './temporal-metrics';

export type StackName = 'single' | 'cluster';

export interface BenchStack {
  name: StackName;
  apiBase: string;
  temporalProcesses: TemporalProcess[];
}

export function useStack(name: StackName): BenchStack {
  if (name === 'cluster') {
    const s = clusterSettings();
    Object.assign(process.env, {
      DOLBOM_DATA_DIR: s.dataDir,
      TEMPORAL_ADDRESS: s.temporalAddress,
      KAFKA_BROKERS: s.kafkaBrokers.join(','),
      KAFKA_REPLICATION_FACTOR: String(s.kafkaReplicationFactor),
      ...localKafkaEnv(s.dataDir, DOLBOM_PRINCIPALS.admin),
    });
    return { name, apiBase: s.apiBases[0]!, temporalProcesses: s.temporalProcesses };
  }
  return {
    name,
    apiBase: `http://${process.env.API_HOST ?? '127.0.0.1'}:${process.env.API_PORT ?? 8080}`,
    temporalProcesses: [
      { name: 'temporal', service: 'dev server', metricsUrl: `http://127.0.0.1:${process.env.TEMPORAL_METRICS_PORT ?? 7235}/metrics` },
    ],
  };
}
