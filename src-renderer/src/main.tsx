// The tokens and base styles come first so that components' own CSS, bundled after them,
// wins over the shared defaults at equal specificity.
import './styles/tokens.css';
import './styles/base.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startDropGuard } from './lib/drop-guard';
import { startLiveUpdates } from './stores/live-updates';
import { startNavigation } from './stores/navigation-store';

// Before the first render: the hash is normalised and events flow into the stores from
// the start, so nothing that happens during the first paint is missed.
startNavigation();
startLiveUpdates();
startDropGuard();

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
