/**
 * Loads and validates the committed (synthetic) provider directory at import, and looks providers up.
 * Validation checks cross-references too (services in the catalogue, areas in the area list), so a stale
 * or hand-edited directory fails at start-up, not at referral time.
 */
import { z } from 'zod';
import { isDistrictCode, isDongCode } from '../areas/areas';
import { ProviderSchema, type Provider } from './provider';
import rawDirectory from './directory.json';

const DirectoryFileSchema = z.object({
  synthetic: z.literal(true),
  providers: z.array(z.unknown()).min(1),
});

export function parseDirectory(raw: unknown): readonly Provider[] {
  const file = DirectoryFileSchema.safeParse(raw);
  if (!file.success) throw new Error(`provider directory: ${z.prettifyError(file.error)}`);
  const ids = new Set<string>();
  return file.data.providers.map((entry, index) => {
    const parsed = ProviderSchema.safeParse(entry);
    const rawId = (entry as { id?: unknown } | null)?.id;
    const label = `provider #${index} (${typeof rawId === 'string' ? rawId : 'no id'})`;
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(entry)'}: ${i.message}`).join('; ');
      throw new Error(`provider directory: invalid ${label}: ${detail}`);
    }
    const p = parsed.data;
    if (ids.has(p.id)) throw new Error(`provider directory: duplicate id in ${label}`);
    ids.add(p.id);
    const badDistrict = p.districtCodes.find((c) => !isDistrictCode(c));
    if (badDistrict) throw new Error(`provider directory: ${label} serves unknown district ${badDistrict}`);
    const badDong = p.dongCodes.find((c) => !isDongCode(c));
    if (badDong) throw new Error(`provider directory: ${label} serves unknown dong ${badDong}`);
    return Object.freeze(p);
  });
}

export const PROVIDER_DIRECTORY: readonly Provider[] = Object.freeze(parseDirectory(rawDirectory));

const BY_ID = new Map(PROVIDER_DIRECTORY.map((p) => [p.id, p]));

export function getProvider(id: string, directory: readonly Provider[] = PROVIDER_DIRECTORY): Provider {
  const provider = directory === PROVIDER_DIRECTORY ? BY_ID.get(id) : directory.find((p) => p.id === id);
  if (!provider) throw new Error(`unknown provider id '${id}'`);
  return provider;
}
