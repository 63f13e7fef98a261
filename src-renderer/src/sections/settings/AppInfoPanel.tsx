// The facts about this Clipdesk a creator (or a helper) needs first: where the data is,
// which version, how this window reaches the core, and how secrets are kept.
import type { AppInfo } from '../../../../src-shared/domain';
import { Loaded } from '../../components/Loaded';
import { Panel } from '../../components/Panel';
import { useApp } from '../../stores/app-store';

const MODE_WORDS: Record<AppInfo['mode'], string> = {
  desktop: 'Desktop app',
  web: 'Web, through the headless host (clipdesk serve)',
};

const PLATFORM_WORDS: Record<string, string> = { linux: 'Linux', darwin: 'macOS', win32: 'Windows' };

/** A plain reading of the secret backend's id, when we know it. */
function backendWords(backend: string): string | null {
  if (backend.includes('basic_text')) return 'obfuscated only, not encrypted';
  if (backend === 'aes-256-gcm-keyfile') return 'encrypted with AES-256-GCM, key in a file only you can read';
  if (/keychain|dpapi|libsecret|kwallet|gnome/i.test(backend)) return 'encrypted by your system keyring';
  return null;
}

export function AppInfoPanel() {
  const info = useApp((s) => s.info);
  const error = useApp((s) => s.error);
  const load = useApp((s) => s.load);
  return (
    <Panel title="This Clipdesk" icon="folder" description="Where your data lives and how this window reaches it.">
      <Loaded value={info} error={error} what="this Clipdesk's facts" onRetry={() => void load()}>
        {(facts) => (
          <dl className="facts">
            <div className="facts__row">
              <dt>Data folder</dt>
              <dd>
                <code className="facts__path">{facts.dataDir}</code>
              </dd>
            </div>
            <div className="facts__row">
              <dt>Version</dt>
              <dd>{facts.version}</dd>
            </div>
            <div className="facts__row">
              <dt>Mode</dt>
              <dd>{MODE_WORDS[facts.mode]}</dd>
            </div>
            <div className="facts__row">
              <dt>Secret storage</dt>
              <dd>
                <code>{facts.secretBackend}</code>
                {backendWords(facts.secretBackend) && <span className="facts__note"> — {backendWords(facts.secretBackend)}</span>}
              </dd>
            </div>
            <div className="facts__row">
              <dt>Platform</dt>
              <dd>{PLATFORM_WORDS[facts.platform] ?? facts.platform}</dd>
            </div>
          </dl>
        )}
      </Loaded>
    </Panel>
  );
}
