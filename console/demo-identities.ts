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

const providersOfDemoDistrict = PROVIDER_DIRECTORY.filter((p) => p.id.startsWith(`prv-${DEMO_DISTRICT}-`));

export const DEMO_IDENTITIES: readonly DemoIdentity[] = [
  { key: 'caseworker', principal: Principal.parse({ role: 'caseworker', sub: 'demo-caseworker', dongs: [DEMO_DONG] }) },
  { key: 'caseworker-other-dong', principal: Principal.parse({ role: 'caseworker', sub: 'demo-caseworker-2', dongs: [OTHER_DEMO_DONG] }) },
  { key: 'supervisor', principal: Principal.parse({ role: 'supervisor', sub: 'demo-supervisor', district: DEMO_DISTRICT }) },
  ...providersOfDemoDistrict.map((p) => ({ key: `provider:${p.id}`, principal: Principal.parse({ role: 'provider', sub: `demo-${p.id}`, providerId: p.id }) })),
];

export const demoIdentity = (key: string) => DEMO_IDENTITIES.find((i) => i.key === key);
