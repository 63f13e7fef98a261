import { SectionPage } from '../components/SectionPage';
import { ApprovalsView } from './approvals/ApprovalsView';

export function ApprovalsSection() {
  return (
    <SectionPage section="approvals">
      <ApprovalsView />
    </SectionPage>
  );
}
