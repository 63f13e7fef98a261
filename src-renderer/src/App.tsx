import { useEffect, useState } from 'react';
import type { AppInfo } from '../../src-shared/domain';
import { api } from './api';

export function App(): JSX.Element {
  const [info, setInfo] = useState<AppInfo | null>(null);
  useEffect(() => {
    void api.call('app.info', {}).then(setInfo);
  }, []);
  return (
    <main>
      <h1>Clipdesk</h1>
      <p>{info ? `Version ${info.version}` : 'Connecting…'}</p>
    </main>
  );
}
