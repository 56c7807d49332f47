/**
 * Which providers can take a referral for a service in a dong. Pure and deterministic: the referral
 * workflow calls it on replay, and the order decides whom it asks first, then second, and so on before
 * escalating to the supervisor.
 */
import { getService } from '../catalogue/catalogue';
import { getDong } from '../areas/areas';
import type { Provider } from './provider';

export interface MatchRequest {
  serviceCode: string;
  dongCode: string;
  /**
   * The directory to match in: PROVIDER_DIRECTORY, or a snapshot with live capacity. Required, not
   * defaulted, so this file does not load directory.json (the generator uses it to build that file).
   */
  directory: readonly Provider[];
  /** Provider ids already tried (declined, timed out) for this service line. */
  exclude?: readonly string[];
}

/** Whether a provider's area covers a dong: the dong itself, or its whole district. */
export function servesDong(provider: Provider, dongCode: string): boolean {
  return provider.dongCodes.includes(dongCode) || provider.districtCodes.includes(getDong(dongCode).districtCode);
}

/**
 * Eligible providers (offer the service, serve the dong or its district, capacity > 0, not excluded),
 * ordered: those naming the dong itself first (closest, smallest catchment), then most open capacity
 * (least likely to decline "at capacity"), then id (a stable tie-break).
 */
export function matchProviders(request: MatchRequest): Provider[] {
  const { serviceCode, dongCode, directory, exclude = [] } = request;
  getService(serviceCode); // throws on an unknown code: a typo must not look like "no provider"
  const districtCode = getDong(dongCode).districtCode;
  const excluded = new Set(exclude);
  const candidates = directory.filter(
    (p) =>
      p.capacity > 0 &&
      !excluded.has(p.id) &&
      p.services.includes(serviceCode) &&
      (p.dongCodes.includes(dongCode) || p.districtCodes.includes(districtCode)),
  );
  const local = (p: Provider) => (p.dongCodes.includes(dongCode) ? 0 : 1);
  return candidates.sort((a, b) => local(a) - local(b) || b.capacity - a.capacity || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
