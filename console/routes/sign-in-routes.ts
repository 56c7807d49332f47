/**
 * Signing in and out. Production: OpenID Connect authorization code with PKCE (openid-client); the access
 * token is verified by the API's own verifier (ctx.verify), so the role and area come from the same claims
 * the API trusts. Development: a local page listing demo identities (console/demo-identities.ts), refused
 * when NODE_ENV=production.
 */
import type { FastifyPluginAsync } from 'fastify';
import type * as Oidc from 'openid-client';
import { z } from 'zod';
import { DEMO_IDENTITIES, DEMO_PROVIDERS, demoIdentity } from '../demo-identities';
import { isLang } from '../i18n';
import type { ConsoleRouteDeps } from '../plugin';
import { render } from '../render';
import { homeOf, signIn, signOut } from '../session';

const SignInBody = z.object({
  identity: z.string().min(1).max(64),
  providerId: z.string().max(64).optional(),
  _csrf: z.string().optional(),
});
const LangBody = z.object({ lang: z.string(), back: z.string().startsWith('/console').max(500).optional() });

export const signInRoutes =
  (deps: ConsoleRouteDeps): FastifyPluginAsync =>
  async (app) => {
    const devSignIn = deps.config.NODE_ENV !== 'production';
    const oidcEnabled = Boolean(deps.config.OIDC_ISSUER && deps.config.CONSOLE_OIDC_CLIENT_ID && deps.config.CONSOLE_PUBLIC_URL);
    // openid-client is an ES module, loaded only where OpenID Connect is configured.
    const oidcModule = () => import('openid-client');
    let oidcConfig: Promise<Oidc.Configuration> | undefined;
    const discover = async () =>
      (oidcConfig ??= oidcModule().then((oidc) =>
        oidc.discovery(new URL(deps.config.OIDC_ISSUER!), deps.config.CONSOLE_OIDC_CLIENT_ID!, deps.config.CONSOLE_OIDC_CLIENT_SECRET),
      ));
    const redirectUri = () => new URL('/console/oidc/callback', deps.config.CONSOLE_PUBLIC_URL).href;
    const page = { devSignIn, oidc: oidcEnabled, identities: devSignIn ? DEMO_IDENTITIES : [], providers: devSignIn ? DEMO_PROVIDERS : [] };

    app.get('/', async (req, reply) => {
      const p = req.session.get('principal');
      return reply.redirect(p ? homeOf(p) : '/console/sign-in', 303);
    });

    app.get('/sign-in', async (req, reply) => {
      const p = req.session.get('principal');
      if (p) return reply.redirect(homeOf(p), 303);
      const q = req.query as { expired?: string; signedOut?: string };
      return render(req, reply, 'sign-in', { ...page, expired: q.expired === '1', signedOut: q.signedOut === '1' });
    });

    app.post('/sign-in', { preHandler: app.csrfProtection }, async (req, reply) => {
      if (!devSignIn)
        return render(
          req,
          reply,
          'error',
          { status: 403, title: '개발용 로그인은 운영 환경에서 쓸 수 없습니다 (NODE_ENV=production)' },
          403,
        );
      const body = SignInBody.safeParse(req.body);
      const identity = body.success ? demoIdentity(body.data.identity, body.data.providerId) : undefined;
      if (!identity) return render(req, reply, 'sign-in', { ...page, error: 'unknownIdentity' }, 400);
      signIn(req, identity.principal);
      req.log.info({ principal: { role: identity.principal.role, sub: identity.principal.sub } }, 'console sign-in (development identity)');
      return reply.redirect(homeOf(identity.principal), 303);
    });

    app.post('/sign-out', { preHandler: app.csrfProtection }, async (req, reply) => {
      signOut(req);
      return reply.redirect('/console/sign-in?signedOut=1', 303);
    });

    app.post('/language', { preHandler: app.csrfProtection }, async (req, reply) => {
      const body = LangBody.safeParse(req.body);
      if (body.success && isLang(body.data.lang)) req.session.set('lang', body.data.lang);
      return reply.redirect(body.success && body.data.back ? body.data.back : '/console', 303);
    });

    app.get('/oidc/login', async (req, reply) => {
      if (!oidcEnabled)
        return render(
          req,
          reply,
          'error',
          { status: 404, title: 'OpenID Connect is not configured (OIDC_ISSUER, CONSOLE_OIDC_CLIENT_ID, CONSOLE_PUBLIC_URL)' },
          404,
        );
      const [oidc, config] = await Promise.all([oidcModule(), discover()]);
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      req.session.set('oidc', { verifier, state });
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri(),
        scope: 'openid',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
      });
      return reply.redirect(url.href, 303);
    });

    app.get('/oidc/callback', async (req, reply) => {
      const pending = req.session.get('oidc');
      if (!oidcEnabled || !pending) return reply.redirect('/console/sign-in', 303);
      const [oidc, config] = await Promise.all([oidcModule(), discover()]);
      const current = new URL(req.url, deps.config.CONSOLE_PUBLIC_URL);
      const tokens = await oidc.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
      });
      // The same verification and claim parsing as a bearer token on the API.
      const principal = await deps.ctx.verify(tokens.access_token);
      signIn(req, principal);
      req.log.info({ principal: { role: principal.role, sub: principal.sub } }, 'console sign-in (OpenID Connect)');
      return reply.redirect(homeOf(principal), 303);
    });
  };
