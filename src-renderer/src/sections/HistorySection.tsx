import { SectionPage } from '../components/SectionPage';
import { PostsView } from './PostsView';

export function HistorySection() {
  return (
    <SectionPage section="history">
      <PostsView
        view="history"
        capabilities={['history']}
        icon="history"
        listLabel="Finished posts"
        emptyTitle="No finished posts yet"
        emptyText="Published, failed, rejected and cancelled posts appear here."
      />
    </SectionPage>
  );
}
