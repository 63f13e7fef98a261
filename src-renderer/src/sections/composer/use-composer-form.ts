// What the single-post and the batch composer share: the account (the last one used, or the
// first that works), its creator_info (fetched fresh on open and on every account change, §4 1 of
// docs/platforms.md, TikTok), the TikTok fields the creator fills in, and TikTok's answer to all of
// it from `evaluateComposer` (src-shared/tiktok/composer-rules.ts). Each composer adds its own
// video(s), caption(s) and time(s).
import { useEffect, useMemo, useState } from 'react';
import type { Account } from '../../../../src-shared/tiktok/accounts';
import { EMPTY_COMPOSER_FORM, evaluateComposer, type ComposerBlockerCode, type ComposerForm, type ComposerView } from '../../../../src-shared/tiktok/composer-rules';
import type { CreatorStatus } from '../../../../src-shared/tiktok/post-settings';
import { SCOPE_EXPLANATIONS } from '../../../../src-shared/tiktok/scopes';
import { api } from '../../api';
import { selectAccounts, useAccounts } from '../../stores/accounts-store';
import { creatorStatusFromError, inboxUnavailable, pickAccount } from './composer-helpers';

/** Blockers about the account or the video rather than the form: shown with the account, not only by the button. */
const ACCOUNT_BLOCKERS: readonly ComposerBlockerCode[] = ['creator_cannot_post', 'scope_not_authorized', 'too_long', 'duration_unknown'];

const LAST_ACCOUNT_KEY = 'clipdesk.composer.account';
function lastAccount(): string | null {
  try {
    return localStorage.getItem(LAST_ACCOUNT_KEY);
  } catch {
    return null;
  }
}
export function rememberAccount(id: string): void {
  try {
    localStorage.setItem(LAST_ACCOUNT_KEY, id);
  } catch {
    // Private mode: the first account is chosen next time instead.
  }
}

export interface ComposerFormState {
  accounts: Account[];
  accountsStatus: 'idle' | 'loading' | 'ready';
  accountsError: string | null;
  loadAccounts(): Promise<void>;
  account: Account | null;
  chooseAccount(id: string): void;
  creatorStatus: CreatorStatus | null;
  /** Ask creator_info again (after a failure that may pass). */
  retryCreator(): void;
  form: ComposerForm;
  patch(change: Partial<ComposerForm>): void;
  /** TikTok's rules applied to the hardest case (the longest caption, the longest video). */
  view: ComposerView;
  accountBlockers: ComposerView['blockers'];
  /** Why the inbox choice is off, or null. */
  inboxOff: string | null;
  noAccount: boolean;
  /** A hint that blocks posting before TikTok's rules are even asked (no account, still loading). */
  accountHint: string | null;
  posting: boolean;
  setPosting(posting: boolean): void;
  submitError: string | null;
  setSubmitError(error: string | null): void;
  /** The TikTok fields differ from a fresh form (the caption aside). */
  fieldsChanged: boolean;
}

export function useComposerForm({ caption, durations }: { caption: string | null; durations: readonly (number | null)[] }): ComposerFormState {
  const accounts = useAccounts(selectAccounts);
  const accountsStatus = useAccounts((s) => s.status);
  const accountsError = useAccounts((s) => s.error);
  const loadAccounts = useAccounts((s) => s.load);
  const [chosenId, setChosenId] = useState<string | null>(null);
  const [form, setForm] = useState<ComposerForm>(EMPTY_COMPOSER_FORM);
  const [posting, setPosting] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);
  // creator_info for one account and one attempt; an answer for another is not shown.
  const [creator, setCreator] = useState<{ key: string; status: CreatorStatus } | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    void loadAccounts();
  }, [loadAccounts]);

  const account = useMemo(() => accounts.find((a) => a.id === chosenId) ?? pickAccount(accounts, lastAccount()), [accounts, chosenId]);
  const accountId = account?.id ?? null;
  const creatorKey = `${accountId}#${attempt}`;

  // §4 1: fresh on every open and every account change — never cached.
  useEffect(() => {
    if (!accountId) return;
    let live = true;
    const key = `${accountId}#${attempt}`;
    api.call('tiktok.creatorInfo', { accountId }).then(
      (status) => live && setCreator({ key, status }),
      (err: unknown) => live && setCreator({ key, status: creatorStatusFromError(err) }),
    );
    return () => {
      live = false;
    };
  }, [accountId, attempt]);

  const creatorStatus = creator?.key === creatorKey ? creator.status : null;
  const view = evaluateComposer({
    creator: creatorStatus,
    form: { ...form, caption: caption ?? form.caption },
    videoDurationSec: durations.some((d) => d === null) ? null : Math.max(...(durations as number[])),
    ...(account ? { accountDisplayName: account.displayName } : {}),
  });
  const noAccount = accountsStatus === 'ready' && accounts.length === 0;

  return {
    accounts,
    accountsStatus,
    accountsError,
    loadAccounts,
    account,
    chooseAccount(id) {
      setChosenId(id);
      setSubmitError(null);
    },
    creatorStatus,
    retryCreator: () => setAttempt((n) => n + 1),
    form,
    patch(change) {
      setForm((f) => ({ ...f, ...change }));
      setSubmitError(null);
    },
    view,
    accountBlockers: view.blockers.filter((b) => ACCOUNT_BLOCKERS.includes(b.code)),
    inboxOff: inboxUnavailable(account, SCOPE_EXPLANATIONS['video.upload'].without),
    noAccount,
    accountHint: noAccount ? 'Connect a TikTok account first.' : accountsStatus !== 'ready' && !account ? 'Loading your accounts…' : null,
    posting,
    setPosting,
    submitError,
    setSubmitError,
    fieldsChanged: JSON.stringify({ ...form, caption: '' }) !== JSON.stringify({ ...EMPTY_COMPOSER_FORM, caption: '' }),
  };
}
