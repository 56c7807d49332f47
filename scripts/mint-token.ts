/**
 * Mints a local bearer token for trying the API (signed with the local key in the data folder).
 *   npm run token -- --role caseworker --dong 11110510
 *   npm run token -- --role supervisor --district 11110
 *   npm run token -- --role provider --provider prv-11110-hc-01
 * At most 12 hours (--hours); a fresh `sub` per token unless --sub is given.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Principal } from '../api/auth/principal';
import { loadOrCreateLocalSigningKey, signLocalToken } from '../api/auth/tokens';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', default: 'caseworker' },
      sub: { type: 'string' },
      dong: { type: 'string', multiple: true },
      district: { type: 'string', multiple: true },
      provider: { type: 'string' },
      hours: { type: 'string', default: '8' },
    },
  });
  const role = values.role!;
  const claims = Principal.parse({
    role,
    // Each minted token is its own principal unless --sub names one, so the audit trail tells them apart.
    sub: values.sub ?? `local-${role}-${randomUUID().slice(0, 8)}`,
    ...(role === 'caseworker' ? { dongs: values.dong ?? ['11110510'] } : {}),
    ...(role === 'supervisor' ? { district: values.district?.[0] ?? '11110' } : {}),
    ...(role === 'assessor' ? { districts: values.district ?? ['11110'] } : {}),
    ...(role === 'provider' ? { providerId: values.provider ?? 'prv-11110-hc-01' } : {}),
  });
  const dataDir = process.env.DOLBOM_DATA_DIR ?? path.resolve(__dirname, '..', '.data');
  const key = await loadOrCreateLocalSigningKey(dataDir);
  process.stdout.write(`${await signLocalToken(key, claims, Number(values.hours) * 3600)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`could not mint a token: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
