// Wires the core's events into the stores, once for the life of the page (not per
// component, so React's StrictMode double-mount cannot subscribe twice).
import { api } from '../api';
import { useAccounts } from './accounts-store';
import { useApprovals } from './approvals-store';
import { useActivity } from './activity-store';
import { startConnectionTracking, useApp } from './app-store';
import { useLibrary } from './library-store';
import { useNavigation } from './navigation-store';
import { usePosts, type PostView } from './posts-store';
import { useRenders } from './renders-store';
import { useSettings } from './settings-store';
import { useTelegram } from './telegram-store';

export function startLiveUpdates(): void {
  api.on('activity.appended', (entry) => useActivity.getState().received(entry));
  api.on('settings.changed', (settings) => useSettings.getState().received(settings));
  api.on('posts.changed', (post) => {
    usePosts.getState().received(post);
    useApprovals.getState().postReceived(post);
  });
  api.on('clips.changed', (clip) => useLibrary.getState().received(clip));
  api.on('clips.removed', (removed) => useLibrary.getState().removedByCore(removed));
  api.on('renders.changed', (render) => useRenders.getState().received(render));
  api.on('accounts.changed', (account) => useAccounts.getState().received(account));
  api.on('accounts.removed', (removed) => useAccounts.getState().removed(removed));
  api.on('telegram.changed', (status) => useTelegram.getState().received(status));
  api.on('approvals.changed', (approval) => useApprovals.getState().received(approval));
  api.on('data.deletedEverything', (result) => useApp.getState().everythingDeleted(result));

  startConnectionTracking(() => {
    // Events sent while we were disconnected are lost; reload everything already shown.
    void useApp.getState().load();
    void useSettings.getState().load();
    if (useActivity.getState().status !== 'idle') void useActivity.getState().reload();
    if (useLibrary.getState().status !== 'idle') void useLibrary.getState().reload();
    if (useRenders.getState().status !== 'idle') void useRenders.getState().load();
    if (useAccounts.getState().status !== 'idle') void useAccounts.getState().load();
    if (useTelegram.getState().state !== 'idle') void useTelegram.getState().load();
    if (useApprovals.getState().status !== 'idle') void useApprovals.getState().load();
    const posts = usePosts.getState();
    for (const view of Object.keys(posts.views) as PostView[]) {
      if (posts.views[view].status !== 'idle') void posts.load(view);
    }
  });

  void useApp.getState().load();
  void useSettings.getState().load();
  // The Library is the first screen: its first page is asked for alongside the app facts rather
  // than after them, to keep the first paint of a large library quick (docs/architecture.md
  // §6).
  if (useNavigation.getState().current === 'library') void useLibrary.getState().reload();
}
