import { SectionPage } from '../components/SectionPage';
import { PublishingPausedNotice } from '../components/PublishingPausedNotice';
import { PostsView } from './PostsView';

export function QueueSection() {
  return (
    <SectionPage section="queue">
      <PublishingPausedNotice />
      <PostsView
        view="queue"
        capabilities={['schedule']}
        icon="queue"
        listLabel="Posts in the queue"
        emptyTitle="The queue is empty"
        emptyText="Posts appear here from the moment they are drafted until they are published."
      />
    </SectionPage>
  );
}
