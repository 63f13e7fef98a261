// Settings → Telegram: the creator's own bot (made with @BotFather; the token is stored
// encrypted and never shown again), whether it is listening and what to do when it is not,
// the phones paired to approve posts — each with what they may do and the time zone their
// messages use — and pairing another one with a one-time link and its QR code.
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import type { Approver, TelegramStatus } from '../../../../src-shared/telegram/telegram';
import { WhenBuilt } from '../../components/CapabilityNotice';
import { CopyField } from '../../components/CopyField';
import { ConfirmDialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';
import { Panel } from '../../components/Panel';
import { Time } from '../../components/Time';
import { approverName, botStateWords, supportedTimeZones, timeZoneOptions } from '../../lib/approval-words';
import { useTelegram, type PairingFlow } from '../../stores/telegram-store';
import { toast } from '../../stores/toast-store';
import '../../components/StateBadge.css';

const CAPABILITIES = ['telegram'] as const;
export const TELEGRAM_PANEL_ANCHOR = 'telegram';

export function TelegramPanel() {
  return (
    <Panel
      title="Telegram"
      icon="send"
      anchor={TELEGRAM_PANEL_ANCHOR}
      description="Approve posts from your phone: Clipdesk sends each post waiting for approval to a Telegram bot of your own, with Approve and Reject buttons."
    >
      <WhenBuilt ids={CAPABILITIES}>
        <TelegramBody />
      </WhenBuilt>
    </Panel>
  );
}

function TelegramBody() {
  const status = useTelegram((s) => s.status);
  const error = useTelegram((s) => s.error);
  const load = useTelegram((s) => s.load);
  useEffect(() => {
    void load();
  }, [load]);

  if (!status) {
    return error ? (
      <p className="telegram__error" role="alert">
        Could not read the Telegram setup: {error}{' '}
        <button type="button" className="button" onClick={() => void load()}>
          Try again
        </button>
      </p>
    ) : (
      <p className="muted">Loading…</p>
    );
  }
  return (
    <div className="telegram">
      {status.emulated && (
        <p className="tiktok-setup__emulated" role="note">
          <span className="emulator-badge">
            <Icon name="pulse" size={12} />
            Emulator
          </span>
          A local Telegram emulator stands in for Telegram: no real messages are sent, and only the emulator’s test users can pair.
        </p>
      )}
      <BotStatus status={status} />
      {status.state !== 'off' && <Approvers status={status} />}
    </div>
  );
}

function BotStatus({ status }: { status: TelegramStatus }) {
  const working = useTelegram((s) => s.working);
  const takeOver = useTelegram((s) => s.takeOverWebhook);
  const remove = useTelegram((s) => s.remove);
  const [replacing, setReplacing] = useState(false);
  const [confirm, setConfirm] = useState<'takeover' | 'remove' | null>(null);
  const words = botStateWords(status);
  const showForm = words.action === 'paste_token' || replacing;

  return (
    <section className="telegram__bot" aria-label="Bot">
      <div className="telegram__bot-head">
        <div className="telegram__bot-main">
          <p className="telegram__bot-name">
            {status.bot ? (
              <>
                <span className="telegram__bot-display">{status.bot.name}</span>
                <span className="muted">@{status.bot.username}</span>
              </>
            ) : (
              <span className="telegram__bot-display">No bot</span>
            )}
            <span className={`state-badge state-badge--${words.tone}`}>{words.label}</span>
          </p>
          <p className={`telegram__state telegram__state--${words.tone}`} role="status">
            {status.state === 'starting' && <span className="spinner" aria-hidden="true" />}
            {words.text}
          </p>
        </div>
        {status.state !== 'off' && (
          <div className="telegram__bot-actions">
            {words.action === 'take_over' && (
              <button type="button" className="button button--primary" disabled={working !== null} onClick={() => setConfirm('takeover')}>
                {working === 'takeover' && <span className="spinner" aria-hidden="true" />}
                Take over the bot
              </button>
            )}
            {!showForm && (
              <button type="button" className="button" disabled={working !== null} onClick={() => setReplacing(true)}>
                Use another bot
              </button>
            )}
            <button type="button" className="button button--ghost" disabled={working !== null} onClick={() => setConfirm('remove')}>
              <Icon name="trash" size={14} />
              Remove bot
            </button>
          </div>
        )}
      </div>
      {showForm && <TokenForm status={status} onDone={() => setReplacing(false)} onCancel={replacing ? () => setReplacing(false) : null} />}

      {confirm === 'takeover' && (
        <ConfirmDialog
          title="Take the bot over from the webhook?"
          confirmLabel="Take over the bot"
          cancelLabel="Leave it"
          busy={working === 'takeover'}
          onConfirm={() => void takeOver().then(() => setConfirm(null))}
          onCancel={() => setConfirm(null)}
        >
          <p>
            Telegram sends this bot’s messages to a webhook another program set{status.webhookUrl ? <> (<code>{status.webhookUrl}</code>)</> : null}. Clipdesk removes that webhook
            and listens itself.
          </p>
          <p className="muted">That program stops getting the bot’s messages. If you still use it, make a separate bot for Clipdesk with @BotFather instead.</p>
        </ConfirmDialog>
      )}
      {confirm === 'remove' && (
        <ConfirmDialog
          title="Remove the bot?"
          confirmLabel="Remove bot"
          busy={working === 'remove'}
          onConfirm={() =>
            void remove().then((ok) => {
              setConfirm(null);
              if (ok) toast({ tone: 'info', title: 'Telegram bot removed', body: 'Its token is deleted from this computer and every approver is unpaired.' });
            })
          }
          onCancel={() => setConfirm(null)}
        >
          <p>Clipdesk stops the bot and deletes its token from this computer.</p>
          <p>
            {status.approvers.length === 0
              ? 'No approver is paired.'
              : `Every approver is unpaired: ${status.approvers.map(approverName).join(', ')}. They get no more requests, and the buttons on messages already sent stop working.`}
          </p>
          <p className="muted">The bot itself stays in Telegram; delete it with @BotFather if you no longer need it.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function TokenForm({ status, onDone, onCancel }: { status: TelegramStatus; onDone: () => void; onCancel: (() => void) | null }) {
  const setup = useTelegram((s) => s.setup);
  const saving = useTelegram((s) => s.working === 'setup');
  const tokenId = useId();
  const helpId = useId();
  const [token, setToken] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (saving) return;
    if (!token.trim()) return setProblem('Paste the token @BotFather gave you: it looks like 123456789:AAE…');
    setProblem(null);
    const failed = await setup(token.trim());
    if (failed) return setProblem(failed);
    setToken('');
    onDone();
    const bot = useTelegram.getState().status?.bot;
    toast({ tone: 'success', title: bot ? `Bot saved: @${bot.username}` : 'Bot saved', body: 'The token is stored encrypted and is not shown again.' });
  };

  return (
    <form className="telegram__form" onSubmit={(e) => void submit(e)} noValidate>
      <ol className="telegram__steps" id={helpId}>
        <li>
          In Telegram, open{' '}
          <a href="https://t.me/BotFather" target="_blank" rel="noreferrer">
            @BotFather
          </a>{' '}
          and send <code>/newbot</code>.
        </li>
        <li>Choose a name, and a username ending in “bot”. Use a new bot just for Clipdesk: a bot can only listen in one place.</li>
        <li>@BotFather answers with a token. Paste it here.</li>
      </ol>
      <div className="tiktok-setup__field">
        <label htmlFor={tokenId} className="setting-row__label">
          {status.state === 'unauthorized' || onCancel ? 'New bot token' : 'Bot token'}
        </label>
        <div className="tiktok-setup__secret">
          <input
            id={tokenId}
            className="input telegram__token"
            type="password"
            value={token}
            autoComplete="off"
            spellCheck={false}
            autoFocus={onCancel !== null}
            placeholder="123456789:AAE…"
            aria-describedby={helpId}
            aria-invalid={problem ? true : undefined}
            onChange={(e) => setToken(e.target.value)}
          />
          <button type="submit" className="button button--primary" disabled={saving}>
            {saving && <span className="spinner" aria-hidden="true" />}
            {saving ? 'Checking with Telegram…' : 'Save bot token'}
          </button>
          {onCancel && (
            <button type="button" className="button button--ghost" onClick={onCancel}>
              Keep the current bot
            </button>
          )}
        </div>
        <p className="setting-row__description">Clipdesk checks it with Telegram, then stores it encrypted on this computer. It is never shown again.</p>
      </div>
      {problem && (
        <p className="telegram__error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}

function Approvers({ status }: { status: TelegramStatus }) {
  const pairing = useTelegram((s) => s.pairing);
  const startPairing = useTelegram((s) => s.startPairing);
  const headingId = useId();
  const zones = useMemo(() => supportedTimeZones(), []);
  const canPair = status.state === 'running';
  const pairingBusy = pairing !== null && (pairing.phase === 'starting' || pairing.phase === 'waiting');

  return (
    <section className="telegram__approvers" aria-labelledby={headingId}>
      <div className="telegram__approvers-head">
        <div>
          <h3 id={headingId} className="telegram__title">
            Approvers
          </h3>
          <p className="muted">Everyone paired gets each post waiting for approval. Those who may approve get the buttons; the others are told the outcome.</p>
        </div>
        <button type="button" className="button" disabled={!canPair || pairingBusy} onClick={() => void startPairing()}>
          {pairing?.phase === 'starting' ? <span className="spinner" aria-hidden="true" /> : <Icon name="plus" size={14} />}
          Pair a phone
        </button>
      </div>
      {!canPair && <p className="muted">Pairing works while the bot is listening.</p>}
      {pairing && <PairingPanel flow={pairing} />}
      {status.approvers.length > 0 ? (
        <ul className="approver-list" aria-label="Paired approvers">
          {status.approvers.map((a) => (
            <ApproverRow key={a.id} approver={a} zones={zones} />
          ))}
        </ul>
      ) : (
        !pairing && <p className="telegram__none">No phone is paired yet. Pair one to get approval requests on Telegram.</p>
      )}
    </section>
  );
}

function PairingPanel({ flow }: { flow: PairingFlow }) {
  const cancel = useTelegram((s) => s.cancelPairing);
  const start = useTelegram((s) => s.startPairing);
  const dismiss = useTelegram((s) => s.dismissPairing);

  if (flow.phase === 'expired' || flow.phase === 'failed') {
    return (
      <div className="pairing pairing--ended" role="alert">
        <Icon name="warning" size={16} />
        <p className="pairing__ended-text">
          {flow.phase === 'expired' ? 'The pairing link expired before it was used. Get a new one to try again.' : `Could not pair a phone: ${flow.message}`}
        </p>
        <button type="button" className="button" onClick={() => void start()}>
          Get a new link
        </button>
        <button type="button" className="button button--ghost" onClick={dismiss} aria-label="Dismiss">
          <Icon name="cross" size={14} />
        </button>
      </div>
    );
  }

  return (
    <section className="pairing" aria-label="Pair a phone" aria-busy="true">
      {flow.phase === 'starting' ? (
        <p className="muted">Making a pairing link…</p>
      ) : (
        <>
          <div className="pairing__qr" role="img" aria-label="QR code for the pairing link" dangerouslySetInnerHTML={{ __html: flow.start.qrSvg }} />
          <div className="pairing__body">
            <h4 className="pairing__title">Scan with your phone’s camera, or open the link on it</h4>
            <p>Telegram opens the bot: tap Start.</p>
            {/* A link can be forwarded or read off a screen: whoever uses it gets no say until the creator says so here. */}
            <p>A newly paired phone gets results only. To let it approve posts, tick “May approve” next to it here once it is listed.</p>
            <CopyField value={flow.start.link} label="Pairing link" link />
            <details className="pairing__group">
              <summary>Get requests in a group instead</summary>
              <p>Open this link instead: Telegram asks which group to add the bot to and pairs that group. Only you can press the buttons there.</p>
              <CopyField value={flow.start.groupLink} label="Group pairing link" link />
            </details>
            <p className="muted pairing__waiting">
              <span className="spinner" aria-hidden="true" />
              <span>
                Waiting for the link to be used. It works once, until <Time iso={flow.start.expiresAt} />.
              </span>
            </p>
          </div>
        </>
      )}
      <button type="button" className="button pairing__cancel" onClick={() => void cancel()}>
        Cancel
      </button>
    </section>
  );
}

function ApproverRow({ approver, zones }: { approver: Approver; zones: readonly string[] }) {
  const busy = useTelegram((s) => s.busy.has(approver.id));
  const update = useTelegram((s) => s.updateApprover);
  const removeApprover = useTelegram((s) => s.removeApprover);
  const [confirming, setConfirming] = useState(false);
  const zoneId = useId();
  const mayId = useId();
  const options = useMemo(() => timeZoneOptions(approver.timeZone, zones), [approver.timeZone, zones]);
  const who = approverName(approver);

  return (
    <li className="approver" aria-label={who}>
      <div className="approver__main">
        <p className="approver__name">
          <span className="approver__display">{approver.name}</span>
          {approver.username && <span className="muted">@{approver.username}</span>}
        </p>
        <p className="approver__meta">
          {approver.chatTitle ? `Group: ${approver.chatTitle}` : 'Private chat'} · paired <Time iso={approver.pairedAt} withDate />
        </p>
      </div>
      <div className="approver__controls">
        <label className="checkbox approver__may" htmlFor={mayId}>
          <input
            id={mayId}
            type="checkbox"
            checked={approver.canApprove}
            disabled={busy}
            aria-label={`${approver.name} may approve`}
            onChange={(e) => void update(approver.id, { canApprove: e.target.checked })}
          />
          May approve
        </label>
        <div className="approver__zone">
          <label htmlFor={zoneId} className="visually-hidden">
            Time zone for {approver.name}’s messages
          </label>
          <select
            id={zoneId}
            className="input select"
            value={approver.timeZone}
            disabled={busy}
            title="Times in this approver’s messages are shown in this zone"
            onChange={(e) => void update(approver.id, { timeZone: e.target.value })}
          >
            {options.map((z) => (
              <option key={z} value={z}>
                {z.replaceAll('_', ' ')}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="button button--ghost" disabled={busy} onClick={() => setConfirming(true)} aria-label={`Remove ${approver.name}`}>
          Remove
        </button>
      </div>
      {confirming && (
        <ConfirmDialog
          title={`Remove ${who}?`}
          confirmLabel="Remove approver"
          busy={busy}
          onConfirm={() => void removeApprover(approver.id).then(() => setConfirming(false))}
          onCancel={() => setConfirming(false)}
        >
          <p>
            {approver.name} is unpaired{approver.chatTitle ? ` (the group ${approver.chatTitle})` : ''}: they get no more approval requests, and the buttons on messages already sent
            to them stop working.
          </p>
          <p className="muted">You can pair them again at any time with a new link.</p>
        </ConfirmDialog>
      )}
    </li>
  );
}
