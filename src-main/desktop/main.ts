// Electron entry — fleshed out in src-main/desktop/*. Placeholder so the build has an entry.
import { app } from 'electron';

void app.whenReady();
