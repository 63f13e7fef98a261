import { PublishingPausedNotice } from '../components/PublishingPausedNotice';
import { Segmented } from '../components/Segmented';
import { SectionPage } from '../components/SectionPage';
import { PostsView } from './PostsView';
import { QueueCalendar } from './queue/QueueCalendar';
import { QUEUE_LAYOUTS, useQueueLayout } from './queue/queue-layout';

export function QueueSection() {
  const [layout, setLayout] = useQueueLayout();
  return (
    <SectionPage section="queue" actions={<Segmented legend="Show the queue as" name="queue-layout" options={QUEUE_LAYOUTS} value={layout} onChange={setLayout} />}>
      <PublishingPausedNotice />
      <PostsView
        view="queue"
        capabilities={['schedule']}
        icon="queue"
        listLabel="Posts in the queue"
        emptyTitle="The queue is empty"
        emptyText="Posts appear here from the moment they are drafted until they are published."
        renderPosts={layout === 'list' ? undefined : (posts) => <QueueCalendar posts={posts} layout={layout} onLayout={setLayout} />}
      />
    </SectionPage>
  );
}
