// GET /v2/user/info/ (docs/platforms.md, TikTok §2): only the fields asked for, and only those
// the granted scopes cover — TikTok refuses the request rather than leaving a field out.
import type { IncomingMessage } from 'node:http';
import { authenticate, isCaller } from './access';
import { apiError, ok, type Answer } from './answers';
import type { EmulatorContext } from './context';
import { shownUser } from './growth';
import { now, type EmulatedUser } from './state';

const FIELDS: Record<string, { scope: string; value: (u: EmulatedUser) => unknown }> = {
  open_id: { scope: 'user.info.basic', value: (u) => u.openId },
  union_id: { scope: 'user.info.basic', value: (u) => u.unionId },
  avatar_url: { scope: 'user.info.basic', value: (u) => u.avatarUrl },
  avatar_url_100: { scope: 'user.info.basic', value: (u) => u.avatarUrl },
  avatar_large_url: { scope: 'user.info.basic', value: (u) => u.avatarUrl },
  display_name: { scope: 'user.info.basic', value: (u) => u.displayName },
  bio_description: { scope: 'user.info.profile', value: (u) => u.bioDescription },
  profile_deep_link: { scope: 'user.info.profile', value: (u) => `https://www.tiktok.com/@${u.username}` },
  is_verified: { scope: 'user.info.profile', value: (u) => u.isVerified },
  username: { scope: 'user.info.profile', value: (u) => u.username },
  follower_count: { scope: 'user.info.stats', value: (u) => u.followerCount },
  following_count: { scope: 'user.info.stats', value: (u) => u.followingCount },
  likes_count: { scope: 'user.info.stats', value: (u) => u.likesCount },
  video_count: { scope: 'user.info.stats', value: (u) => u.videoCount },
};

export function userInfo(ctx: EmulatorContext, req: IncomingMessage, url: URL): Answer {
  const caller = authenticate(ctx, req, { anyScope: ['user.info.basic'], limit: 'userinfo' });
  if (!isCaller(caller)) return caller;
  const fields = (url.searchParams.get('fields') ?? '').split(',').map((f) => f.trim()).filter(Boolean);
  if (fields.length === 0) return apiError(400, 'invalid_params', 'The fields parameter is required.');
  const unknown = fields.find((f) => !(f in FIELDS));
  if (unknown) return apiError(400, 'invalid_params', `Unknown field: ${unknown}.`);
  const missing = fields.filter((f) => !caller.token.scopes.includes(FIELDS[f]!.scope));
  if (missing.length > 0) {
    const scopes = [...new Set(missing.map((f) => FIELDS[f]!.scope))].join(', ');
    return apiError(400, 'scope_permission_missed', `Fields ${missing.join(', ')} need scope ${scopes}, which the user did not grant.`);
  }
  // The totals as they stand now: state.growth adds the public videos' own growth to the recorded ones.
  const user = shownUser(ctx.state, caller.user, now(ctx.state));
  return ok({ user: Object.fromEntries(fields.map((f) => [f, FIELDS[f]!.value(user)])) });
}
