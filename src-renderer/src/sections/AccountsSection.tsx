// Accounts: the TikTok accounts Clipdesk publishes to. No connect button until connecting
// works — a button that does nothing would be a lie.
import { CapabilityNotes, unbuilt } from '../components/CapabilityNotice';
import { EmptyState } from '../components/EmptyState';
import { SectionPage } from '../components/SectionPage';
import { useApp } from '../stores/app-store';

const CAPABILITIES = ['tiktok'] as const;

export function AccountsSection() {
  const capabilities = useApp((s) => s.capabilities);
  const notBuilt = unbuilt(capabilities, CAPABILITIES).length > 0;
  return (
    <SectionPage section="accounts">
      {capabilities &&
        (notBuilt ? (
          <EmptyState icon="accounts" title="Accounts are not built yet">
            <CapabilityNotes ids={CAPABILITIES} />
          </EmptyState>
        ) : (
          <EmptyState icon="accounts" title="No accounts connected">
            <p>TikTok accounts you connect appear here.</p>
          </EmptyState>
        ))}
    </SectionPage>
  );
}
