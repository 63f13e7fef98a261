// In-process fan-out of contract events to every connected transport (the Electron window,
// each WebSocket client). Listeners that throw are isolated from each other.
import type { EventName, EventPayload } from '../../src-shared/contract';

type Listener = (name: EventName, payload: unknown) => void;

export class EventBus {
  private readonly listeners = new Set<Listener>();

  emit<K extends EventName>(name: K, payload: EventPayload<K>): void {
    for (const listener of this.listeners) {
      try {
        listener(name, payload);
      } catch {
        // A broken subscriber (a closed socket) must not stop the others.
      }
    }
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
