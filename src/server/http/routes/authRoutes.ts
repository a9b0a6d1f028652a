import type { FastifyInstance } from 'fastify';
import { loginBodySchema, refreshBodySchema, registerBodySchema } from '../../../shared/protocol/auth';
import { parseInput } from '../../apiError';
import type { AccessTokens } from '../../auth/accessTokens';
import type { AuthService } from '../../auth/authService';
import { LoginLimits } from '../../auth/loginLimits';
import type { RateLimiter } from '../../rateLimiter';
import { authenticate } from '../authenticate';
import { sendData } from '../envelope';

export function registerAuthRoutes(
  http: FastifyInstance,
  deps: { auth: AuthService; accessTokens: AccessTokens; rateLimiter: RateLimiter },
): void {
  const { auth, accessTokens, rateLimiter } = deps;
  const loginLimits = new LoginLimits(rateLimiter);

  http.post('/api/auth/register', async (request, reply) => {
    await rateLimiter.consume('auth', `ip:${request.ip}`);
    const body = parseInput(registerBodySchema, request.body, 'registration');
    await rateLimiter.consume('auth', `name:${body.username.toLowerCase()}`);
    return sendData(reply, await auth.register(body), 201);
  });

  http.post('/api/auth/login', async (request, reply) => {
    await rateLimiter.consume('auth', `ip:${request.ip}`);
    const body = parseInput(loginBodySchema, request.body, 'login');
    // Limited per account, whichever identifier names it, and per address (see LoginLimits).
    return sendData(reply, await auth.logIn(body, loginLimits.from(request.ip)));
  });

  http.post('/api/auth/refresh', async (request, reply) => {
    const { refreshToken } = parseInput(refreshBodySchema, request.body, 'refresh request');
    return sendData(reply, await auth.refresh(refreshToken));
  });

  http.post('/api/auth/logout', async (request, reply) => {
    const { refreshToken } = parseInput(refreshBodySchema, request.body, 'logout request');
    await auth.logOut(refreshToken);
    return sendData(reply, {});
  });

  http.get('/api/auth/me', async (request, reply) => {
    const { userId } = await authenticate(request, accessTokens);
    return sendData(reply, { user: await auth.me(userId) });
  });
}
