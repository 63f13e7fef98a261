// Facts that change how everything below should be read: the connection to the core is
// down, or an emulator stands in for TikTok/Telegram so nothing really goes out.
import { transport } from '../api';
import { useApp } from '../stores/app-store';
import { Icon } from './Icon';
import './StatusBanners.css';

export function emulatorSentence(emulated: readonly string[]): string {
  const names = emulated.length > 1 ? `${emulated.slice(0, -1).join(', ')} and ${emulated.at(-1)}` : emulated[0];
  const what = emulated.length > 1 ? `${names} emulators` : `${names} emulator`;
  const article = emulated.length > 1 ? '' : 'a ';
  const consequence =
    emulated.includes('TikTok') && emulated.includes('Telegram')
      ? 'nothing is really published or sent to Telegram'
      : emulated.includes('Telegram')
        ? 'nothing is really sent to Telegram'
        : 'nothing is really published';
  return `Connected to ${article}${what} — ${consequence}.`;
}

// A stable empty list: a selector returning a fresh [] each time would re-render forever.
const NONE: readonly string[] = [];

export function StatusBanners() {
  const connection = useApp((s) => s.connection);
  const emulated = useApp((s) => s.info?.emulated ?? NONE);
  return (
    <>
      {transport === 'websocket' && connection === 'reconnecting' && (
        <div className="banner banner--warning" role="status">
          <span className="spinner" aria-hidden="true" />
          <p>
            <strong>Reconnecting…</strong> Lost the connection to Clipdesk. What you see may be out of date until it is back.
          </p>
        </div>
      )}
      {emulated.length > 0 && (
        <div className="banner banner--emulator" role="note">
          <span className="banner__badge">
            <Icon name="pulse" size={12} />
            Emulator
          </span>
          <p>{emulatorSentence(emulated)}</p>
        </div>
      )}
    </>
  );
}
