// A file dropped anywhere outside a drop zone must not make the window navigate to it (which
// would unload the app); Electron's will-navigate deny is the second line (docs/platforms.md,
// Electron §5.1).
export function startDropGuard(): void {
  const guard = (event: DragEvent): void => {
    if (!event.dataTransfer?.types.includes('Files')) return;
    // A drop zone that takes files has already claimed the event; anywhere else says "no".
    if (!event.defaultPrevented && event.type === 'dragover') event.dataTransfer.dropEffect = 'none';
    event.preventDefault();
  };
  window.addEventListener('dragover', guard);
  window.addEventListener('drop', guard);
}
