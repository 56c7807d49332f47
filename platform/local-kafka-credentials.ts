/**
 * The local broker's identities, as infra/kafka-security.sh makes them under the data folder: the CA that signed
 * the broker's certificate and one password file per principal. For the local stack and tests only; a cluster
 * elsewhere gets its credentials through KAFKA_SSL_CA and KAFKA_SASL_* (platform/config.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { KafkaSecurityConfig } from './kafka';

export const localKafkaSecurityDir = (dataDir: string) => path.join(dataDir, 'kafka', 'security');

/** The environment variables of a process connecting to the local broker as `principal`. */
export function localKafkaEnv(dataDir: string, principal: string): Record<string, string> {
  const dir = localKafkaSecurityDir(dataDir);
  return {
    KAFKA_SSL: 'true',
    KAFKA_SSL_CA: path.join(dir, 'ca.pem'),
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME: principal,
    KAFKA_SASL_PASSWORD: fs.readFileSync(path.join(dir, `${principal}.password`), 'utf8').trim(),
  };
}

/** The same, as the validated settings createKafka takes (platform/kafka.ts). */
export function localKafkaSecurity(dataDir: string, principal: string): KafkaSecurityConfig {
  const env = localKafkaEnv(dataDir, principal);
  return {
    KAFKA_SSL: true,
    KAFKA_SSL_CA: env.KAFKA_SSL_CA,
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME: env.KAFKA_SASL_USERNAME,
    KAFKA_SASL_PASSWORD: env.KAFKA_SASL_PASSWORD,
  };
}
