// Who is calling a data endpoint: the bearer token, its scopes and its rate limit, checked
// in that order, with the errors TikTok gives (§3.11).
import type { IncomingMessage } from 'node:http';
import { findApp, findUser } from './accounts';
import { apiError, type Answer } from './answers';
import type { EmulatorContext } from './context';
import type { LimitedEndpoint } from './rate-limit';
import { now, type EmulatedApp, type EmulatedUser, type IssuedToken } from './state';

export interface Caller {
  token: IssuedToken;
  user: EmulatedUser;
  app: EmulatedApp;
}

export const bearerOf = (req: IncomingMessage): string | undefined => /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];

export function authenticate(ctx: EmulatorContext, req: IncomingMessage, need: { anyScope?: string[]; limit?: LimitedEndpoint }): Caller | Answer {
  const given = bearerOf(req);
  const at = now(ctx.state);
  const token = given ? ctx.state.tokens.find((t) => t.accessToken === given) : undefined;
  const user = token && findUser(ctx, token.openId);
  const app = token && findApp(ctx, token.clientKey);
  if (!token || !user || !app || token.accessRevoked || token.accessExpiresAt <= at) {
    return apiError(401, 'access_token_invalid', 'The access token is invalid or not found in the request.');
  }
  if (need.anyScope && !need.anyScope.some((s) => token.scopes.includes(s))) {
    return apiError(401, 'scope_not_authorized', `The user did not authorize the scope required for completing this request (${need.anyScope.join(' or ')}).`);
  }
  if (need.limit && ctx.state.enforceRateLimits && !ctx.limits.allow(need.limit, token.accessToken, at)) {
    return apiError(429, 'rate_limit_exceeded', 'The API rate limit was exceeded. Please try again later.');
  }
  return { token, user, app };
}

export const isCaller = (x: Caller | Answer): x is Caller => 'token' in x;
