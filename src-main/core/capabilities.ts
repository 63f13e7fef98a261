// What this build of Clipdesk can do, in plain words. The UI shows these instead of
// pretending: a section whose capability is not built says so. Each later issue flips its
// entry when it lands.
import type { Capability } from '../../src-shared/domain';

export const CAPABILITIES: readonly Capability[] = [
  { id: 'library', built: false, note: 'Importing clips (drag and drop, probe, thumbnails) is not built yet.' },
  { id: 'render', built: false, note: 'Rendering to TikTok-ready vertical video is not built yet.' },
  { id: 'schedule', built: false, note: 'The schedule and calendar are not built yet; posts listed here come from the store.' },
  { id: 'approvals', built: false, note: 'Approving posts (here and from Telegram) is not built yet.' },
  { id: 'history', built: false, note: 'Publish history with timelines is not built yet; published and failed posts are listed from the store.' },
  { id: 'tiktok', built: false, note: 'Connecting TikTok accounts and publishing is not built yet.' },
  { id: 'telegram', built: false, note: 'Telegram approvals are not built yet.' },
  { id: 'activity', built: true, note: 'The activity log records what changed, newest first.' },
  { id: 'settings', built: true, note: 'Data folder, secret storage and diagnostics.' },
];
