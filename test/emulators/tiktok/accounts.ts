// Developer apps and TikTok users: how tests add them, and who consents on the authorize page.
import type { EmulatorContext } from './context';
import { randomId } from './ids';
import { privacyOptionsFor, type EmulatedApp, type EmulatedUser } from './state';

export const KNOWN_SCOPES = ['user.info.basic', 'user.info.profile', 'user.info.stats', 'video.list', 'video.upload', 'video.publish'];

export interface AppInput {
  clientKey: string;
  clientSecret: string;
  name?: string;
  audited?: boolean;
  scopes?: string[];
  redirectUris?: string[];
  activeUserCap?: number | null;
}

export function addApp(ctx: EmulatorContext, input: AppInput): EmulatedApp {
  if (!input.clientKey || !input.clientSecret) throw new Error('An app needs a clientKey and a clientSecret');
  const audited = input.audited ?? false;
  const app: EmulatedApp = {
    clientKey: input.clientKey,
    clientSecret: input.clientSecret,
    name: input.name ?? input.clientKey,
    audited,
    scopes: input.scopes ?? [...KNOWN_SCOPES],
    redirectUris: input.redirectUris ?? [],
    // §3.9: an unaudited app may have at most 5 posting creators a day.
    activeUserCap: input.activeUserCap !== undefined ? input.activeUserCap : audited ? null : 5,
  };
  const apps = ctx.state.apps;
  const at = apps.findIndex((a) => a.clientKey === app.clientKey);
  if (at >= 0) apps[at] = app;
  else apps.push(app);
  return app;
}

export const findApp = (ctx: EmulatorContext, clientKey: string | null | undefined): EmulatedApp | undefined =>
  ctx.state.apps.find((a) => a.clientKey === clientKey);

/** Adds a user (or replaces the one with the same openId). Unset fields get plain defaults. */
export function addUser(ctx: EmulatorContext, input: Partial<EmulatedUser> = {}): EmulatedUser {
  const n = ctx.state.users.length + 1;
  const openId = input.openId ?? `-000${randomId(18)}`;
  const isPrivateAccount = input.isPrivateAccount ?? false;
  const user: EmulatedUser = {
    unionId: `union-${randomId(12)}`,
    displayName: `Emulated Creator ${n}`,
    username: `emulated.creator${n}`,
    avatarUrl: `${ctx.url}/avatar/${encodeURIComponent(openId)}.png`,
    bioDescription: '',
    isVerified: false,
    followerCount: 0,
    followingCount: 0,
    likesCount: 0,
    videoCount: 0,
    commentDisabled: false,
    duetDisabled: false,
    stitchDisabled: false,
    maxVideoPostDurationSec: 600,
    cantPost: null,
    grantScopes: null,
    // A field given as undefined keeps its default rather than erasing it.
    ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
    openId,
    isPrivateAccount,
    privacyLevelOptions: input.privacyLevelOptions ?? privacyOptionsFor(isPrivateAccount),
  };
  const users = ctx.state.users;
  const at = users.findIndex((u) => u.openId === openId);
  if (at >= 0) users.splice(at, 1);
  users.push(user);
  return user;
}

export const findUser = (ctx: EmulatorContext, openId: string): EmulatedUser | undefined => ctx.state.users.find((u) => u.openId === openId);

/**
 * Who is "logged in to TikTok" in the browser: state.nextUser, else the user added last.
 * With none added, a default creator is made — a private account, so an unaudited app can
 * post to it straight away.
 */
export function consentingUser(ctx: EmulatorContext): EmulatedUser | undefined {
  const { nextUser, users } = ctx.state;
  if (nextUser) return findUser(ctx, nextUser);
  return users.at(-1) ?? addUser(ctx, { displayName: 'Emulated Creator', username: 'emulated.creator', isPrivateAccount: true });
}
