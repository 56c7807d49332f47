/** What the API's routes work with: Temporal, the listing projection, the audit stream, token verification, and readiness probes. */
import type { Client } from '@temporalio/client';
import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { AuditStore } from '../audit/audit-store';
import type { Policy } from '../domain/policy';
import type { ListingStore } from '../listing/listing-store.types';
import type { CaseEventFeed } from './case-event-feed';
import type { WriteAudit } from './audit-writes';
import type { Principal } from './auth/principal';
import type { TokenVerifier } from './auth/tokens';
import type { WorkflowRuns } from './workflow-runs';

export interface ReadAudit {
  caseId: string;
  target: string;
  /** A read action of events/schemas/audit.ts READ_AUDIT_ACTIONS, e.g. `case.viewed` or `access.refused`. */
  action: string;
  /** How many payloads were decoded (the codec endpoint). */
  payloads?: number;
}

/** Who reads: a verified caller, or the system acting by name (the local Web UI's loopback exception). */
export type Reader = Pick<Principal, 'role' | 'sub'> | { role: 'system'; sub: string };

export interface ApiContext {
  client: Client;
  /** Queries and updates go to a workflow's current run through this (api/workflow-runs.ts). */
  runs: WorkflowRuns;
  /** The listing projection (listing/listing-store.ts): what the case and referral lists read. */
  listings: ListingStore;
  taskQueue: string;
  /** The district's operating policy in force now (domain/policy.ts `resolvePolicy` over the configured overrides). */
  districtPolicy: (districtCode: string) => Policy;
  /** How long a call that needs the worker (queries, updates) may wait before the caller gets a 503. */
  workerTimeoutMs: number;
  verify: TokenVerifier;
  logger: Logger;
  /** Turns a resident registration number into the pseudonymous id cases are keyed by. */
  pseudonymize: (rrn: string) => string;
  /** Records a read of case data (who, role, what, when, from where) on the audit stream. */
  recordRead: (reader: Reader, request: FastifyRequest, read: ReadAudit) => Promise<void>;
  /** Records a change the API makes itself (a notice issued) on the audit stream; without it, such changes are refused. */
  recordWrite?: (principal: Principal, write: WriteAudit) => Promise<void>;
  /** The append-only audit store (access reports, chain verification). */
  auditStore?: AuditStore;
  /** The process's Kafka consumers (audit store, console live feed): state and lag, for readiness. */
  consumerStatus?: () => Promise<{ ready: boolean; consumers: unknown[] }>;
  /** The feed of case changes (api/case-event-feed.ts); without it, no live streams and no caseload row cache. */
  caseEvents?: CaseEventFeed;
  /** Readiness probes by dependency name; each resolves or throws. */
  probes: Record<string, () => Promise<void>>;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}
