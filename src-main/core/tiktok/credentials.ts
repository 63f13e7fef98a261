// The creator's own TikTok developer app: client key and secret, from the environment
// (CLIPDESK_TIKTOK_CLIENT_KEY / _SECRET, which win: a headless machine or a script) or saved
// in the app, encrypted. The secret is never returned to anyone but the OAuth client.
import { AppError } from '../../../src-shared/errors';
import { TIKTOK_REDIRECT_URI_PATTERN, connectScopes, type TikTokScope, type TikTokSetup } from '../../../src-shared/tiktok/accounts';
import type { SecretStore } from '../secrets/secret-store';
import type { TikTokEndpoints } from './endpoints';
import type { AppCredentials } from './tiktok-client';

export class TikTokCredentials {
  constructor(
    private readonly secrets: SecretStore,
    private readonly env: NodeJS.ProcessEnv,
    private readonly endpoints: TikTokEndpoints,
    /** settings.tiktokDisplayApi: whether the creator said their app has the Display API. */
    private readonly displayApiSetting: () => boolean,
  ) {}

  /** Whether the app has the Display API: the environment's word, else the creator's setting. */
  displayApi(): { on: boolean; source: 'app' | 'environment' } {
    const raw = this.env.CLIPDESK_TIKTOK_DISPLAY_API?.trim().toLowerCase();
    if (raw === '1' || raw === 'true' || raw === 'on') return { on: true, source: 'environment' };
    if (raw === '0' || raw === 'false' || raw === 'off') return { on: false, source: 'environment' };
    return { on: this.displayApiSetting(), source: 'app' };
  }

  /** The scopes Connect asks for now. */
  scopes(): TikTokScope[] {
    return connectScopes(this.displayApi().on);
  }

  private fromEnv(): AppCredentials | null {
    const clientKey = this.env.CLIPDESK_TIKTOK_CLIENT_KEY?.trim();
    const clientSecret = this.env.CLIPDESK_TIKTOK_CLIENT_SECRET?.trim();
    return clientKey && clientSecret ? { clientKey, clientSecret } : null;
  }

  async setup(): Promise<TikTokSetup> {
    const env = this.fromEnv();
    const displayApi = this.displayApi();
    const common = {
      redirectUri: TIKTOK_REDIRECT_URI_PATTERN,
      scopes: connectScopes(displayApi.on),
      displayApi: displayApi.on,
      displayApiSource: displayApi.source,
      authorizeUrl: this.endpoints.authorizeUrl,
      emulated: this.endpoints.emulated,
    };
    if (env) return { clientKey: env.clientKey, hasClientSecret: true, source: 'environment', ...common };
    const clientKey = await this.secrets.get('tiktok.clientKey');
    const hasClientSecret = this.secrets.has('tiktok.clientSecret');
    return { clientKey, hasClientSecret, source: clientKey && hasClientSecret ? 'app' : 'none', ...common };
  }

  async save(clientKey: string, clientSecret: string | undefined): Promise<void> {
    if (this.fromEnv()) {
      throw new AppError(
        'CONFLICT',
        'The TikTok app comes from CLIPDESK_TIKTOK_CLIENT_KEY and CLIPDESK_TIKTOK_CLIENT_SECRET in the environment; change it there.',
      );
    }
    if (!clientSecret && !this.secrets.has('tiktok.clientSecret')) {
      throw new AppError('BAD_INPUT', "Enter the client secret too: it is on the same page as the client key in TikTok's developer portal.");
    }
    const entries: [Parameters<SecretStore['set']>[0], string][] = [['tiktok.clientKey', clientKey]];
    if (clientSecret) entries.push(['tiktok.clientSecret', clientSecret]);
    await this.secrets.setMany(entries);
  }

  /** The credentials for an OAuth call, or NOT_CONFIGURED saying where to enter them. */
  async require(): Promise<AppCredentials> {
    const env = this.fromEnv();
    if (env) return env;
    const clientKey = await this.secrets.get('tiktok.clientKey');
    const clientSecret = await this.secrets.get('tiktok.clientSecret');
    if (!clientKey || !clientSecret) {
      throw new AppError(
        'NOT_CONFIGURED',
        "Clipdesk needs your TikTok developer app first: enter its client key and secret in Settings → TikTok (or run `clipdesk tiktok setup`).",
      );
    }
    return { clientKey, clientSecret };
  }
}
