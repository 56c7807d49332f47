/**
 * Signed checkpoints of the audit chain's head, kept outside the database. The hash chain alone shows a changed
 * or removed entry in the middle, but not newest entries cut off, a table dropped and recreated empty, or a
 * history rewritten with valid hashes by whoever can disable the triggers (issue 14). A checkpoint is a JWS
 * (ES256) over {seq, hash, firstHash, entries, at}, appended as one line to a file; `npm run audit:verify`
 * (audit/verify.ts) compares the store with the newest valid one. The signing key is an EC P-256 key of the
 * keyring: DOLBOM_AUDIT_SIGNING_KEY (a private JWK) in production, else `<data>/keys/audit-checkpoint.json`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { compactVerify, CompactSign, exportJWK, generateKeyPair, importJWK, type JWK, type KeyLike } from 'jose';
import type { Logger } from 'pino';
import { z } from 'zod';
import { ConfigError } from '../platform/config';
import { keysDir, readOrCreateSecretFile } from '../privacy/local-secret-file';
import type { AuditStore, ChainPoint } from './audit-store';
import { GENESIS_HASH } from './chain';

const ALG = 'ES256';

/** Where the checkpoints are written: AUDIT_CHECKPOINT_FILE, else beside the data. */
export function auditCheckpointFile(config: { AUDIT_CHECKPOINT_FILE?: string; DOLBOM_DATA_DIR: string }): string {
  return config.AUDIT_CHECKPOINT_FILE ?? path.join(config.DOLBOM_DATA_DIR, 'audit-checkpoints.jsonl');
}

export const Checkpoint = z.strictObject({
  /** The head entry's seq (null: the chain was empty). */
  seq: z.number().int().positive().nullable(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  /** The first entry's hash: a table dropped and recreated starts a different chain. */
  firstHash: z.string().regex(/^[0-9a-f]{64}$/),
  entries: z.number().int().min(0),
  at: z.iso.datetime(),
});
export type Checkpoint = z.infer<typeof Checkpoint>;

export interface CheckpointKey {
  kid: string;
  privateKey?: KeyLike;
  publicKey: KeyLike;
}

const KeyFile = z.object({ kid: z.string().min(1), private: z.record(z.string(), z.unknown()) });

async function fromJwk(kid: string, jwk: JWK): Promise<CheckpointKey> {
  const { d: _d, ...pub } = jwk;
  return { kid, privateKey: (await importJWK(jwk, ALG)) as KeyLike, publicKey: (await importJWK(pub, ALG)) as KeyLike };
}

/** DOLBOM_AUDIT_SIGNING_KEY (a private EC P-256 JWK with its kid) when set; outside production a local key file. */
export async function resolveCheckpointKey(opts: { env: { DOLBOM_AUDIT_SIGNING_KEY?: string }; dataDir: string; production: boolean }) {
  let raw = opts.env.DOLBOM_AUDIT_SIGNING_KEY?.trim();
  if (!raw) {
    if (opts.production) {
      throw new ConfigError('DOLBOM_AUDIT_SIGNING_KEY: is not set; production signs audit checkpoints with a configured EC P-256 JWK');
    }
    const file = path.join(keysDir(opts.dataDir), 'audit-checkpoint.json');
    const { privateKey } = await generateKeyPair(ALG, { extractable: true });
    const fresh = JSON.stringify({ kid: `audit-${Date.now().toString(36)}`, private: await exportJWK(privateKey) });
    raw = readOrCreateSecretFile(file, () => fresh);
  }
  let parsed: z.infer<typeof KeyFile>;
  try {
    const json = JSON.parse(raw) as Record<string, unknown>;
    parsed = KeyFile.parse('private' in json ? json : { kid: json.kid, private: json });
  } catch {
    throw new ConfigError('DOLBOM_AUDIT_SIGNING_KEY: expected a private EC P-256 JWK with a "kid"');
  }
  return fromJwk(parsed.kid, parsed.private as unknown as JWK);
}

export async function signCheckpoint(key: CheckpointKey, c: Checkpoint): Promise<string> {
  if (!key.privateKey) throw new Error('this checkpoint key can only verify');
  return new CompactSign(new TextEncoder().encode(JSON.stringify(Checkpoint.parse(c))))
    .setProtectedHeader({ alg: ALG, kid: key.kid })
    .sign(key.privateKey);
}

export type CheckpointRead = { checkpoint: Checkpoint; line: number } | { invalid: string; line: number };

/** Every line of the checkpoint file, each either a checkpoint whose signature holds or why it is not one. */
export async function readCheckpoints(file: string, key: CheckpointKey): Promise<CheckpointRead[]> {
  if (!fs.existsSync(file)) return [];
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const out: CheckpointRead[] = [];
  for (const [i, text] of lines.entries()) {
    if (!text.trim()) continue;
    try {
      const { payload } = await compactVerify(text.trim(), key.publicKey, { algorithms: [ALG] });
      out.push({ checkpoint: Checkpoint.parse(JSON.parse(new TextDecoder().decode(payload))), line: i + 1 });
    } catch (err) {
      out.push({ invalid: `not a valid signed checkpoint (${(err as Error).message})`, line: i + 1 });
    }
  }
  return out;
}

export interface Checkpointer {
  /** Verifies the entries added since the last checkpoint and, if they hold, signs and writes a new one. */
  checkpoint(): Promise<Checkpoint | undefined>;
  /** Stops the interval and writes a last checkpoint (on shutdown). */
  stop(): Promise<void>;
}

export interface CheckpointerOptions {
  store: AuditStore;
  key: CheckpointKey;
  file: string;
  intervalMs: number;
  logger: Logger;
}

/** Checkpoints the head at an interval and on stop; a head that does not verify is never signed, but raised. */
export function startCheckpointer(opts: CheckpointerOptions): Checkpointer {
  const log = opts.logger.child({ component: 'audit-checkpoints' });
  let verified: ChainPoint | undefined;
  let firstHash: string | undefined;
  let entries = 0;
  let last: string | undefined;
  let running: Promise<Checkpoint | undefined> | undefined;

  async function once(): Promise<Checkpoint | undefined> {
    const result = await opts.store.verifyChain(verified);
    if (!result.ok) {
      log.error({ ...result }, 'the audit chain does not verify; no checkpoint is signed (run npm run audit:verify)');
      return undefined;
    }
    if (result.headSeq !== null) verified = { seq: result.headSeq, hash: result.headHash };
    entries += result.entries;
    firstHash ??= (await opts.store.firstEntry())?.hash;
    const c: Checkpoint = {
      seq: verified?.seq ?? null,
      hash: verified?.hash ?? GENESIS_HASH,
      firstHash: firstHash ?? GENESIS_HASH,
      entries,
      at: new Date().toISOString(),
    };
    if (last === `${c.seq}/${c.hash}`) return undefined;
    fs.mkdirSync(path.dirname(opts.file), { recursive: true });
    fs.appendFileSync(opts.file, `${await signCheckpoint(opts.key, c)}\n`, { mode: 0o600 });
    last = `${c.seq}/${c.hash}`;
    log.info({ seq: c.seq, entries: c.entries }, 'audit checkpoint signed');
    return c;
  }
  const checkpoint = () => {
    running ??= once().finally(() => (running = undefined));
    return running;
  };
  const timer = setInterval(() => {
    checkpoint().catch((err: unknown) => log.error({ err }, 'could not write an audit checkpoint'));
  }, opts.intervalMs);
  timer.unref();
  return {
    checkpoint,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => undefined);
      await checkpoint();
    },
  };
}
