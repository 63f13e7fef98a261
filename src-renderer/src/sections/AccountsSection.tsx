// Accounts: the TikTok accounts Clipdesk publishes to. Connecting opens TikTok's consent page in
// the system browser; this page waits for it (with the link, in case no browser opened) and the
// account appears when TikTok says yes. Nothing is offered while the capability is not built, and
// connecting without a TikTok app set up leads to Settings → TikTok instead.
import { useEffect, useState } from 'react';
import type { Account } from '../../../src-shared/tiktok/accounts';
import { Alert } from '../components/Alert';
import { Avatar } from '../components/Avatar';
import { CapabilityNotes, unbuilt } from '../components/CapabilityNotice';
import { CopyField } from '../components/CopyField';
import { ConfirmDialog } from '../components/Dialog';
import { EmptyState } from '../components/EmptyState';
import { Icon } from '../components/Icon';
import { SectionPage } from '../components/SectionPage';
import { Time } from '../components/Time';
import { SCOPE_EXPLANATIONS, scopeLabel, type TikTokScope } from '../../../src-shared/tiktok/scopes';
import { selectAccounts, useAccounts, type ConnectFlow } from '../stores/accounts-store';
import { useApp } from '../stores/app-store';
import { toast } from '../stores/toast-store';
import { isSetUp, useTikTokSetup } from '../stores/tiktok-setup-store';
import '../components/StateBadge.css';
import './accounts.css';

const CAPABILITIES = ['tiktok'] as const;
export const TIKTOK_SETTINGS_HREF = '#/settings/tiktok';

export function AccountsSection() {
  const capabilities = useApp((s) => s.capabilities);
  const notBuilt = unbuilt(capabilities, CAPABILITIES).length > 0;
  return (
    <SectionPage section="accounts" actions={capabilities && !notBuilt ? <ConnectButton /> : undefined}>
      {capabilities &&
        (notBuilt ? (
          <EmptyState icon="accounts" title="Accounts are not built yet">
            <CapabilityNotes ids={CAPABILITIES} />
          </EmptyState>
        ) : (
          <AccountsBody />
        ))}
    </SectionPage>
  );
}

/** "Connect TikTok", or — with no TikTok app set up — the way to set one up. */
function ConnectButton({ primary = true }: { primary?: boolean }) {
  const setup = useTikTokSetup((s) => s.setup);
  const connect = useAccounts((s) => s.connect);
  const startConnect = useAccounts((s) => s.startConnect);
  const ready = isSetUp(setup);
  if (ready === false) {
    return (
      <a className={primary ? 'button button--primary' : 'button'} href={TIKTOK_SETTINGS_HREF}>
        <Icon name="settings" size={14} />
        Set up TikTok
      </a>
    );
  }
  const busy = connect !== null && connect.phase !== 'failed';
  return (
    <button type="button" className={primary ? 'button button--primary' : 'button'} disabled={busy || ready === null} onClick={() => void startConnect()}>
      {connect?.phase === 'starting' ? <span className="spinner" aria-hidden="true" /> : <Icon name="plus" size={14} />}
      Connect TikTok
    </button>
  );
}

function AccountsBody() {
  const accounts = useAccounts(selectAccounts);
  const status = useAccounts((s) => s.status);
  const error = useAccounts((s) => s.error);
  const load = useAccounts((s) => s.load);
  const connect = useAccounts((s) => s.connect);
  const setup = useTikTokSetup((s) => s.setup);
  const setupError = useTikTokSetup((s) => s.error);
  const loadSetup = useTikTokSetup((s) => s.load);

  useEffect(() => {
    void load();
    void loadSetup();
  }, [load, loadSetup]);

  return (
    <>
      {setupError && !setup && (
        <Alert title="Could not read the TikTok setup" action={{ label: 'Try again', onClick: () => void loadSetup() }}>
          {setupError}
        </Alert>
      )}
      {isSetUp(setup) === false && (
        <p className="accounts-setup-note" role="note">
          <Icon name="info" size={15} />
          <span>
            Connecting needs your own TikTok developer app: add its client key and secret in <a href={TIKTOK_SETTINGS_HREF}>Settings → TikTok</a>.
          </span>
        </p>
      )}
      {connect && <ConnectPanel flow={connect} accounts={accounts} />}
      {error && (
        <Alert title="Could not load accounts" action={{ label: 'Try again', onClick: () => void load() }}>
          {error}
        </Alert>
      )}
      {status === 'ready' &&
        !error &&
        (accounts.length > 0 ? (
          <ul className="account-list" aria-label="TikTok accounts">
            {accounts.map((a) => (
              <AccountRow key={a.id} account={a} />
            ))}
          </ul>
        ) : (
          !connect && (
            <EmptyState icon="accounts" title="No accounts connected">
              <p>Connect a TikTok account to post your renders to it. You can connect several and choose one for each post.</p>
              {isSetUp(setup) && (
                <div className="accounts-empty__action">
                  <ConnectButton primary={false} />
                </div>
              )}
            </EmptyState>
          )
        ))}
    </>
  );
}

function ConnectPanel({ flow, accounts }: { flow: ConnectFlow; accounts: readonly Account[] }) {
  const cancel = useAccounts((s) => s.cancelConnect);
  const startConnect = useAccounts((s) => s.startConnect);
  const dismiss = useAccounts((s) => s.dismissConnect);
  const renewing = flow.reconnect ? accounts.find((a) => a.id === flow.reconnect) : undefined;

  if (flow.phase === 'failed') {
    return (
      <div className="connect-failed">
        <Alert title={renewing ? `Could not reconnect ${renewing.displayName}` : 'Could not connect a TikTok account'} action={{ label: 'Try again', onClick: () => void startConnect(flow.reconnect) }} onDismiss={dismiss}>
          {flow.message}
        </Alert>
      </div>
    );
  }

  return (
    <section className="connect-panel" aria-labelledby="connect-title" aria-busy="true">
      <span className="spinner connect-panel__spinner" aria-hidden="true" />
      <div className="connect-panel__body">
        <h2 id="connect-title" className="connect-panel__title">
          {flow.phase === 'starting' ? 'Opening TikTok…' : 'Finish in your browser…'}
        </h2>
        {flow.phase === 'waiting' && (
          <>
            <p>
              {flow.start.opened
                ? 'TikTok’s consent page is open in your browser. Sign in, check the permissions and choose Authorize; this page carries on by itself.'
                : 'Clipdesk could not open a browser. Open this link in your browser yourself, sign in and choose Authorize; this page carries on by itself.'}
              {renewing && (
                <>
                  {' '}
                  Sign in as {renewing.username ? `@${renewing.username}` : renewing.displayName} to renew that account; another TikTok account would be added as a new one.
                </>
              )}
            </p>
            <CopyField value={flow.start.url} label="TikTok consent link" link />
            <p className="muted">
              The link works until <Time iso={flow.start.expiresAt} />.
            </p>
          </>
        )}
      </div>
      <button type="button" className="button" onClick={() => void cancel()}>
        Cancel
      </button>
    </section>
  );
}

function AccountRow({ account }: { account: Account }) {
  const busy = useAccounts((s) => s.busy.has(account.id));
  const connect = useAccounts((s) => s.connect);
  const startConnect = useAccounts((s) => s.startConnect);
  const disconnect = useAccounts((s) => s.disconnect);
  const [confirming, setConfirming] = useState(false);
  const needsReconnect = account.state === 'reconnect_needed';
  const flowRunning = connect !== null && connect.phase !== 'failed';
  // Only posting permissions describe what the account can do with posts; Insights' have their own note.
  const granted = account.scopes.filter((s) => SCOPE_EXPLANATIONS[s as TikTokScope]?.feature === 'posting');
  const missingForPosting = account.missingScopes.filter((m) => m.feature !== 'insights');
  const missingForInsights = account.missingScopes.filter((m) => m.feature === 'insights');
  // Connect asks for Insights' scopes only when the app has the Display API (Settings → TikTok).
  const displayApi = useTikTokSetup((s) => s.setup?.displayApi ?? null);

  const doDisconnect = async (): Promise<void> => {
    const message = await disconnect(account.id);
    setConfirming(false);
    if (message !== null) {
      toast({
        tone: 'info',
        title: `Disconnected ${account.displayName}`,
        body: message,
      });
    }
  };

  return (
    <li className={needsReconnect ? 'account account--problem' : 'account'} aria-label={account.displayName}>
      <Avatar accountId={account.id} name={account.displayName} hasAvatar={account.hasAvatar} version={account.updatedAt} size={44} />
      <div className="account__main">
        <p className="account__name">
          <span className="account__display">{account.displayName}</span>
          {account.username && <span className="account__username">@{account.username}</span>}
          <span className={`state-badge state-badge--${needsReconnect ? 'warning' : 'success'}`}>{needsReconnect ? 'Reconnect needed' : 'Connected'}</span>
        </p>
        <p className="account__meta">
          {granted.length > 0 ? granted.map(scopeLabel).join(' · ') : 'No posting permission'} · connected <Time iso={account.connectedAt} withDate />
        </p>
        {needsReconnect && account.problem && <p className="account__problem">{account.problem}</p>}
        {missingForPosting.length > 0 && (
          <div className="account__missing">
            <p className="account__missing-title">Permissions left out when connecting:</p>
            {missingForPosting.map((m) => (
              <p key={m.scope}>
                <strong>{m.label}</strong> — {m.without}
              </p>
            ))}
            <p className="muted">Reconnect and leave them ticked to turn them on.</p>
          </div>
        )}
        {missingForInsights.length > 0 && (
          <div className="account__missing account__missing--insights" role="group" aria-label={`What Insights needs for ${account.displayName}`}>
            <p className="account__missing-title">Insights needs more permissions (publishing is not affected):</p>
            {missingForInsights.map((m) => (
              <p key={m.scope}>
                <strong>{m.label}</strong> — {m.without}
              </p>
            ))}
            {displayApi === false ? (
              <p className="muted">
                Clipdesk does not ask for them yet: add the <strong>Display API</strong> product to your TikTok app, switch on “My app has the Display API” in{' '}
                <a href={TIKTOK_SETTINGS_HREF}>Settings → TikTok</a>, then Reconnect.
              </p>
            ) : (
              <p className="muted">Reconnect and leave them ticked for Insights to read this account’s numbers.</p>
            )}
          </div>
        )}
      </div>
      <div className="account__actions">
        {(needsReconnect || account.missingScopes.length > 0) && (
          <button
            type="button"
            className={needsReconnect ? 'button button--primary' : 'button'}
            disabled={flowRunning}
            onClick={() => void startConnect(account.id)}
            aria-label={`Reconnect ${account.displayName}`}
          >
            <Icon name="retry" size={14} />
            Reconnect
          </button>
        )}
        <button type="button" className="button button--ghost" disabled={busy} onClick={() => setConfirming(true)} aria-label={`Disconnect ${account.displayName}`}>
          Disconnect
        </button>
      </div>
      {confirming && (
        <ConfirmDialog
          title={`Disconnect ${account.displayName}?`}
          confirmLabel="Disconnect"
          busy={busy}
          onConfirm={() => void doDisconnect()}
          onCancel={() => setConfirming(false)}
        >
          <p>
            Clipdesk’s access is revoked at TikTok and its tokens are deleted from this computer; scheduled posts for this account will not publish.
          </p>
          <p className="muted">Videos already on TikTok stay there. You can connect the account again at any time.</p>
        </ConfirmDialog>
      )}
    </li>
  );
}
