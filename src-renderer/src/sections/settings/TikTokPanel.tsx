// Settings → TikTok: the creator's own TikTok developer app. Clipdesk connects accounts through
// an app the creator registers (TikTok wants the secret kept by whoever owns the app), so this
// panel takes its client key and secret — the secret is never shown back, only replaced — and
// says exactly what to register in TikTok's portal: the redirect URI, the products, the scopes.
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { TikTokSetup } from '../../../../src-shared/tiktok/accounts';
import { UNAUDITED_NOTICE } from '../../../../src-shared/tiktok/composer-rules';
import { WhenBuilt } from '../../components/CapabilityNotice';
import { CopyField } from '../../components/CopyField';
import { Icon } from '../../components/Icon';
import { Loaded } from '../../components/Loaded';
import { Panel } from '../../components/Panel';
import { scopeLabel } from '../../../../src-shared/tiktok/scopes';
import { Toggle } from '../../components/Toggle';
import { useSettings } from '../../stores/settings-store';
import { toast } from '../../stores/toast-store';
import { useTikTokSetup } from '../../stores/tiktok-setup-store';

const CAPABILITIES = ['tiktok'] as const;
export const TIKTOK_PANEL_ANCHOR = 'tiktok';


export function TikTokPanel() {
  return (
    <Panel
      title="TikTok"
      icon="link"
      anchor={TIKTOK_PANEL_ANCHOR}
      description="Clipdesk connects to TikTok through a developer app you register, with its own client key and secret."
    >
      <WhenBuilt ids={CAPABILITIES}>
        <TikTokSetupBody />
      </WhenBuilt>
    </Panel>
  );
}

function TikTokSetupBody() {
  const setup = useTikTokSetup((s) => s.setup);
  const error = useTikTokSetup((s) => s.error);
  const load = useTikTokSetup((s) => s.load);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <Loaded value={setup} error={error} what="the TikTok setup" onRetry={() => void load()}>
      {(loaded) => <TikTokSetupView setup={loaded} />}
    </Loaded>
  );
}

function TikTokSetupView({ setup }: { setup: TikTokSetup }) {
  return (
    <div className="tiktok-setup">
      {setup.emulated && (
        <p className="tiktok-setup__emulated" role="note">
          <span className="emulator-badge">
            <Icon name="pulse" size={12} />
            Emulator
          </span>
          A local TikTok emulator stands in for TikTok ({setup.authorizeUrl}): nothing is really published, and only the emulator’s test accounts can connect.
        </p>
      )}
      <CredentialsForm setup={setup} />
      <RegisterGuide setup={setup} />
    </div>
  );
}

function sourceSentence(setup: TikTokSetup): string {
  switch (setup.source) {
    case 'none':
      return 'No TikTok app is set up yet. Register one (the steps are below), then paste its client key and secret here.';
    case 'app':
      return setup.hasClientSecret ? 'Your TikTok app is set up. Connect accounts in Accounts.' : 'The client key is saved, but no secret yet: paste the client secret to finish.';
    case 'environment':
      return 'The environment variables CLIPDESK_TIKTOK_CLIENT_KEY and CLIPDESK_TIKTOK_CLIENT_SECRET are in use. They win over anything saved here, so these fields are read-only; change the variables and restart Clipdesk to use another app.';
  }
}

function CredentialsForm({ setup }: { setup: TikTokSetup }) {
  const save = useTikTokSetup((s) => s.save);
  const saving = useTikTokSetup((s) => s.saving);
  const keyId = useId();
  const secretId = useId();
  const statusId = useId();
  const readOnly = setup.source === 'environment';
  const [clientKey, setClientKey] = useState(setup.clientKey ?? '');
  const [secret, setSecret] = useState('');
  const [replacing, setReplacing] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  // A change from elsewhere (or the save's answer) resets the form to what the core holds.
  useEffect(() => {
    setClientKey(setup.clientKey ?? '');
  }, [setup.clientKey]);

  const secretField = !setup.hasClientSecret || replacing;
  const keyChanged = clientKey.trim() !== (setup.clientKey ?? '');
  const dirty = keyChanged || secret.trim() !== '';

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (readOnly || saving) return;
    const key = clientKey.trim();
    if (!key) return setProblem('Paste your app’s client key: it is on the app’s page in the TikTok developer portal.');
    if (!setup.hasClientSecret && !secret.trim()) return setProblem('Paste your app’s client secret too: Clipdesk needs both to connect accounts.');
    setProblem(null);
    const failed = await save({ clientKey: key, ...(secret.trim() ? { clientSecret: secret.trim() } : {}) });
    if (failed) return setProblem(failed);
    setSecret('');
    setReplacing(false);
    toast({ tone: 'success', title: 'TikTok app saved', body: 'The secret is stored encrypted and is not shown again.' });
  };

  return (
    <form className="tiktok-setup__form" onSubmit={(e) => void submit(e)} aria-describedby={statusId} noValidate>
      <p id={statusId} className={setup.source === 'none' ? 'tiktok-setup__status tiktok-setup__status--todo' : 'tiktok-setup__status'}>
        {sourceSentence(setup)}
      </p>
      <div className="tiktok-setup__field">
        <label htmlFor={keyId} className="setting-row__label">
          Client key
        </label>
        <input
          id={keyId}
          className="input"
          value={clientKey}
          readOnly={readOnly}
          aria-readonly={readOnly || undefined}
          autoComplete="off"
          spellCheck={false}
          placeholder="aw1b2c3d4e5f6g7h"
          onChange={(e) => setClientKey(e.target.value)}
        />
      </div>
      <div className="tiktok-setup__field">
        {secretField && !readOnly ? (
          <>
            <label htmlFor={secretId} className="setting-row__label">
              {setup.hasClientSecret ? 'New client secret' : 'Client secret'}
            </label>
            <div className="tiktok-setup__secret">
              <input
                id={secretId}
                className="input"
                type="password"
                value={secret}
                autoComplete="off"
                spellCheck={false}
                // Focus lands here when Replace secret is chosen.
                autoFocus={replacing}
                onChange={(e) => setSecret(e.target.value)}
              />
              {replacing && (
                <button
                  type="button"
                  className="button button--ghost"
                  onClick={() => {
                    setReplacing(false);
                    setSecret('');
                  }}
                >
                  Keep the saved secret
                </button>
              )}
            </div>
            <p className="setting-row__description">Stored encrypted on this computer and never shown again.</p>
          </>
        ) : (
          <>
            <span className="setting-row__label">Client secret</span>
            <div className="tiktok-setup__secret">
              <p className="tiktok-setup__saved">
                <Icon name="shield" size={14} />
                {readOnly ? (setup.hasClientSecret ? 'From the environment' : 'Not set in the environment') : 'A secret is saved'}
              </p>
              {!readOnly && (
                <button type="button" className="button" onClick={() => setReplacing(true)}>
                  Replace secret
                </button>
              )}
            </div>
          </>
        )}
      </div>
      {problem && (
        <p className="tiktok-setup__error" role="alert">
          {problem}
        </p>
      )}
      {!readOnly && (
        <div className="tiktok-setup__actions">
          <button type="submit" className="button button--primary" disabled={saving || !dirty}>
            {saving && <span className="spinner" aria-hidden="true" />}
            Save TikTok app
          </button>
        </div>
      )}
    </form>
  );
}

/**
 * Whether Connect asks for Insights' scopes. TikTok refuses the whole consent when an app asks
 * for a scope its products lack, so this waits for the creator to say the Display API is there.
 */
function DisplayApiSwitch({ setup }: { setup: TikTokSetup }) {
  const update = useSettings((s) => s.update);
  const saving = useSettings((s) => s.saving.has('tiktokDisplayApi'));
  const load = useTikTokSetup((s) => s.load);
  const fromEnv = setup.displayApiSource === 'environment';
  return (
    <Toggle
      label="My app has the Display API"
      description={
        fromEnv
          ? `Set by CLIPDESK_TIKTOK_DISPLAY_API in the environment (${setup.displayApi ? 'on' : 'off'}); change it there.`
          : 'Switch on once the Display API product is added: Connect then also asks for the Insights permissions below. Leave it off until then — TikTok refuses the whole connection when an app asks for a permission it does not have. Publishing needs only Login Kit and Content Posting.'
      }
      checked={setup.displayApi}
      disabled={fromEnv}
      busy={saving}
      onChange={(tiktokDisplayApi) => {
        void (async () => {
          await update({ tiktokDisplayApi });
          await load();
        })();
      }}
    />
  );
}

function RegisterGuide({ setup }: { setup: TikTokSetup }) {
  const headingId = useId();
  return (
    <section className="tiktok-guide" aria-labelledby={headingId}>
      <h3 id={headingId} className="tiktok-guide__title">
        Register your app with TikTok
      </h3>
      <ol className="tiktok-guide__steps">
        <li>
          Sign in at{' '}
          <a href="https://developers.tiktok.com/" target="_blank" rel="noreferrer">
            developers.tiktok.com
          </a>{' '}
          and open <strong>Manage apps → Connect an app</strong>. Give it your own name (TikTok refuses names with “TikTok” in them).
        </li>
        <li>
          Add the products <strong>Login Kit</strong> with the platform <strong>Desktop</strong>, <strong>Content Posting API</strong> with{' '}
          <strong>Direct Post</strong> switched on, and <strong>Display API</strong> (for Insights).
        </li>
        <li>
          <DisplayApiSwitch setup={setup} />
        </li>
        <li>
          <span>
            In Login Kit, register this redirect URI exactly as shown (Clipdesk listens on a free port each time, so the port is a <code>*</code>):
          </span>
          <CopyField value={setup.redirectUri} label="Redirect URI" />
        </li>
        <li>
          <span>Make sure the app has these scopes:</span>
          <ul className="tiktok-guide__scopes" aria-label="Scopes to enable">
            {setup.scopes.map((scope) => (
              <li key={scope}>
                <code>{scope}</code> — {scopeLabel(scope)}
              </li>
            ))}
          </ul>
        </li>
        <li>Copy the app’s client key and client secret into the fields above.</li>
      </ol>
      <div className="tiktok-guide__notes">
        <p>
          <strong>Sandbox or production.</strong> A sandbox of your app has its own client key and secret and needs no review: use it to try Clipdesk
          first. Only the TikTok accounts you add to the sandbox as target users can connect to it.
        </p>
        <p>
          <strong>Before TikTok’s audit.</strong> {UNAUDITED_NOTICE}
        </p>
      </div>
    </section>
  );
}
