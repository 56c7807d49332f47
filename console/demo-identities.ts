/**
 * The local sign-in's demo identities (development only; refused in production). Each is the claims a token
 * would carry, parsed by the same Principal schema the API applies to a verified token's claims
 * (api/auth/principal.ts, api/auth/tokens.ts): no second rule for who may see what.
 */
import { Principal } from '../api/auth/principal';
import { PROVIDER_DIRECTORY } from '../domain/providers/directory';

export const DEMO_DISTRICT = '11110';
export const DEMO_DONG = '11110510';
export const OTHER_DEMO_DONG = '11110520';

export interface DemoIdentity {
  key: string;
  principal: Principal;
}

/** Every provider organisation serving the demo district: the one a referral went to is among them. */
export const DEMO_PROVIDERS = PROVIDER_DIRECTORY.filter(
  (p) => p.districtCodes.includes(DEMO_DISTRICT) || p.dongCodes.some((d) => d.startsWith(DEMO_DISTRICT)),
);

export const DEMO_IDENTITIES: readonly DemoIdentity[] = [
  { key: 'caseworker', principal: Principal.parse({ role: 'caseworker', sub: 'demo-caseworker', dongs: [DEMO_DONG] }) },
  { key: 'caseworker-other-dong', principal: Principal.parse({ role: 'caseworker', sub: 'demo-caseworker-2', dongs: [OTHER_DEMO_DONG] }) },
  { key: 'supervisor', principal: Principal.parse({ role: 'supervisor', sub: 'demo-supervisor', district: DEMO_DISTRICT }) },
];

/** The identity chosen on the sign-in page: a person above, or `provider` with one of DEMO_PROVIDERS. */
export function demoIdentity(key: string, providerId?: string): DemoIdentity | undefined {
  if (key !== 'provider') return DEMO_IDENTITIES.find((i) => i.key === key);
  const provider = DEMO_PROVIDERS.find((p) => p.id === providerId);
  return (
    provider && {
      key: `provider:${provider.id}`,
      principal: Principal.parse({ role: 'provider', sub: `demo-${provider.id}`, providerId: provider.id }),
    }
  );
}
