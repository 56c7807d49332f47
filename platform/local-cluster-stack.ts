/**
 * Where the tools find the local cluster stack (npm run cluster:up): the cluster tests, the cluster fault runs and
 * the benchmark on the cluster. Read from infra/cluster/env.sh, the one home of its ports, and turned into a Dolbom
 * config as the cluster's own processes get it (infra/cluster/dolbom.sh). For the local stack and tests only.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { DOLBOM_PRINCIPALS } from '../events/kafka-acls';
import { parseConfig, type Config } from './config';
import type { KafkaSecurityConfig } from './kafka';
import { localKafkaSecurity } from './local-kafka-credentials';

const ROOT = path.resolve(__dirname, '..');

export interface ClusterSettings {
  dataDir: string;
  temporalAddress: string;
  historyShards: number;
  /** Temporal's persistence database (cluster membership is read from it). */
  temporalDbUrl: string;
  kafkaBrokers: string[];
  kafkaReplicationFactor: number;
  /** The admin principal on the cluster's brokers (their own CA and passwords, infra/cluster/kafka.sh). */
  kafkaAdminSecurity: KafkaSecurityConfig;
  /** The API processes' base URLs, in order (api-1 first). */
  apiBases: string[];
  /** The Temporal server's processes, each with its Prometheus endpoint (infra/cluster/env.sh). */
  temporalProcesses: { name: string; service: string; metricsUrl: string }[];
  /** The Dolbom config the cluster's processes run with (topic prefix, namespace, ...). */
  config: Config;
}

export function clusterSettings(): ClusterSettings {
  const script = [
    'source infra/cluster/env.sh >/dev/null',
    'printf "%s\\n" "$DOLBOM_DATA_DIR" "$CLUSTER_TEMPORAL_ADDRESS" "$CLUSTER_TEMPORAL_SHARDS" "$CLUSTER_KAFKA_BROKERS"',
    'printf "%s\\n" "$CLUSTER_KAFKA_REPLICATION_FACTOR" "${CLUSTER_API_PORTS[*]}" "$CLUSTER_POSTGRES_PORT"',
    'printf "%s\\n" "${CLUSTER_TEMPORAL_PROCESSES[@]}"',
  ].join(' && ');
  const [dataDir, temporalAddress, shards, brokers, replication, apiPorts, postgresPort, ...temporal] = execFileSync(
    'bash',
    ['-c', script],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  )
    .trim()
    .split('\n');
  const config = parseConfig({
    DOLBOM_DATA_DIR: dataDir,
    TEMPORAL_ADDRESS: temporalAddress,
    KAFKA_BROKERS: brokers,
    KAFKA_REPLICATION_FACTOR: replication,
  });
  return {
    dataDir: dataDir!,
    temporalAddress: config.TEMPORAL_ADDRESS,
    historyShards: Number(shards),
    temporalDbUrl: `postgres://postgres@127.0.0.1:${postgresPort}/temporal`,
    kafkaBrokers: config.KAFKA_BROKERS,
    kafkaReplicationFactor: config.KAFKA_REPLICATION_FACTOR,
    kafkaAdminSecurity: localKafkaSecurity(dataDir!, DOLBOM_PRINCIPALS.admin),
    apiBases: apiPorts!.split(' ').map((p) => `http://127.0.0.1:${p}`),
    // <process name> <service> <gRPC port> <membership port> <metrics port>
    temporalProcesses: temporal.map((line) => {
      const [name, service, , , metrics] = line.split(' ');
      return { name: name!, service: service!, metricsUrl: `http://127.0.0.1:${metrics}/metrics` };
    }),
    config,
  };
}
