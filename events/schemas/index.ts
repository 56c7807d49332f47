/** The public Kafka event contract: schemas per family, the catalogue, and the provider-response parser. */
export * from './common';
export * from './referral-outbound';
export * from './case-lifecycle';
export * from './audit';
export * from './system';
export * from './provider-responses';
export * from './dead-letter';
export * from './registry';
export { exampleEnvelope, keyOf, checkEnvelope, type EventRule, type EventExample } from './define';
