/**
 * Where the cluster tests find the cluster stack (npm run cluster:up): read from infra/cluster/env.sh, the one home
 * of its ports, and turned into a Dolbom config as the cluster's own processes get it (infra/cluster/dolbom.sh).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parseConfig, type Config } from '../../platform/config';

const ROOT = path.resolve(__dirname, '..', '..');

export interface ClusterSettings {
  dataDir: string;
  temporalAddress: string;
  historyShards: number;
  /** Temporal's persistence database (cluster membership is read from it). */
  temporalDbUrl: string;
  kafkaBrokers: string[];
  kafkaReplicationFactor: number;
  /** The API processes' base URLs, in order (api-1 first). */
  apiBases: string[];
  /** The Dolbom config the cluster's processes run with (topic prefix, namespace, ...). */
  config: Config;
}

export function clusterSettings(): ClusterSettings {
  const script = [
    'source infra/cluster/env.sh >/dev/null',
    'printf "%s\\n" "$DOLBOM_DATA_DIR" "$CLUSTER_TEMPORAL_ADDRESS" "$CLUSTER_TEMPORAL_SHARDS" "$CLUSTER_KAFKA_BROKERS"',
    'printf "%s\\n" "$CLUSTER_KAFKA_REPLICATION_FACTOR" "${CLUSTER_API_PORTS[*]}" "$CLUSTER_POSTGRES_PORT"',
  ].join(' && ');
  const [dataDir, temporalAddress, shards, brokers, replication, apiPorts, postgresPort] = execFileSync('bash', ['-c', script], {
    cwd: ROOT,
    encoding: 'utf8',
  })
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
    apiBases: apiPorts!.split(' ').map((p) => `http://127.0.0.1:${p}`),
    config,
  };
}
