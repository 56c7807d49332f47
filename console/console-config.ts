/**
 * The console's own settings, from environment variables, validated once (like platform/config.ts). A wrong
 * value stops the API process with a message naming the variable.
 */
import { z } from 'zod';

export const ConsoleConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    /** Minutes without a request after which a console session ends (sign in again). */
    CONSOLE_IDLE_TIMEOUT_MINUTES: z.coerce
      .number()
      .positive()
      .max(24 * 60)
      .default(30),
    /** 32-byte key (base64) sealing the session cookie; without it, a local key in the data folder. */
    CONSOLE_SESSION_KEY: z.string().optional(),
    /** OpenID Connect sign-in (authorization code + PKCE); required in production. */
    CONSOLE_OIDC_CLIENT_ID: z.string().min(1).optional(),
    CONSOLE_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    /** The console's public address, for the OIDC redirect URI (https://.../console/oidc/callback). */
    CONSOLE_PUBLIC_URL: z.url().optional(),
    OIDC_ISSUER: z.url().optional(),
  })
  .refine((c) => c.NODE_ENV !== 'production' || c.CONSOLE_SESSION_KEY !== undefined, {
    path: ['CONSOLE_SESSION_KEY'],
    message: 'production seals sessions with a key from the environment',
  })
  .refine((c) => c.NODE_ENV !== 'production' || (c.CONSOLE_OIDC_CLIENT_ID && c.CONSOLE_PUBLIC_URL && c.OIDC_ISSUER), {
    path: ['CONSOLE_OIDC_CLIENT_ID'],
    message: 'production signs in through OpenID Connect: set OIDC_ISSUER, CONSOLE_OIDC_CLIENT_ID and CONSOLE_PUBLIC_URL',
  });
export type ConsoleConfig = z.infer<typeof ConsoleConfigSchema>;

export function parseConsoleConfig(env: NodeJS.ProcessEnv = process.env): ConsoleConfig {
  const result = ConsoleConfigSchema.safeParse(env);
  if (!result.success) {
    throw new Error(`Invalid console configuration:\n${result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  return result.data;
}
