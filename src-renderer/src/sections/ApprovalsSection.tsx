import { SectionPage } from '../components/SectionPage';
import { PostsView } from './PostsView';

export function ApprovalsSection() {
  return (
    <SectionPage section="approvals">
      <PostsView
        view="approvals"
        capabilities={['approvals', 'telegram']}
        icon="approvals"
        listLabel="Posts waiting for approval"
        emptyTitle="Nothing is waiting for approval"
        emptyText="Posts you send for approval appear here until you, or Telegram, answer."
      />
    </SectionPage>
  );
}
