// What this build of Clipdesk can do, in plain words. The UI shows these instead of
// pretending: a section whose capability is not built says so. Each later issue flips its
// entry when it lands.
import type { Capability } from '../../../src-shared/domain';

export const CAPABILITIES: readonly Capability[] = [
  { id: 'library', built: true, note: 'Import clips by drag and drop, file dialog or folder; each is probed, thumbnailed and checked against TikTok’s rules.' },
  { id: 'render', built: true, note: 'Render clips to TikTok-ready 1080×1920 H.264 video: fit, trim, captions, watermark, loudness, cover.' },
  { id: 'schedule', built: true, note: 'Posts publish at their time and follow your missed-post rule; see them in a list or a week or month calendar, drag them to another time, and spread several clips over daily posting times.' },
  { id: 'approvals', built: true, note: 'Posts can wait for a go-ahead: approve, reject, move or re-caption them here or from Telegram; one rule and one record for both.' },
  { id: 'history', built: true, note: 'Published, failed, rejected and cancelled posts, each with its history (rendered, approved by whom, uploaded, published) and the TikTok link.' },
  { id: 'tiktok', built: true, note: 'Connect TikTok accounts through your browser and publish rendered videos (Direct Post or to your TikTok inbox), now or at a time.' },
  { id: 'telegram', built: true, note: 'Your own bot (from @BotFather) sends each post to your phone for approval and tells you how publishing went.' },
  { id: 'activity', built: true, note: 'The activity log records what changed, newest first.' },
  { id: 'settings', built: true, note: 'Data folder, secret storage and diagnostics.' },
];
