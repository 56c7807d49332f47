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
 * Why a provider named by a person (a plan line's preferred provider, a supervisor's assignment) cannot take a
 * service in a dong: not in the directory, not offering the service, or not serving the area. Undefined when it can.
 */
export function providerFitRefusal(
  providerId: string,
  serviceCode: string,
  dongCode: string,
  directory: readonly Provider[],
): string | undefined {
  const provider = directory.find((p) => p.id === providerId);
  if (!provider) return `provider ${providerId} is not in the provider directory`;
  if (!provider.services.includes(serviceCode)) return `provider ${providerId} does not offer ${serviceCode}`;
  if (!servesDong(provider, dongCode)) return `provider ${providerId} does not serve dong ${dongCode}`;
  return undefined;
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
