// The whole Library takes dropped files: a highlight while files are over it, and the drop
// handed on at once (a drop's items can only be read during the event).
import { useRef, useState, type DragEvent, type ReactNode } from 'react';
import { Icon } from '../../components/Icon';

interface DropZoneProps {
  onDrop: (items: DataTransferItemList) => void;
  children: ReactNode;
}

const hasFiles = (e: DragEvent): boolean => e.dataTransfer.types.includes('Files');

export function DropZone({ onDrop, children }: DropZoneProps) {
  const [active, setActive] = useState(false);
  // dragenter/dragleave fire for every child crossed; count them to know when we are left.
  const depth = useRef(0);
  return (
    <div
      className={active ? 'drop-zone is-active' : 'drop-zone'}
      data-drop-zone=""
      onDragEnter={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        depth.current++;
        setActive(true);
      }}
      onDragOver={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={(e) => {
        if (!hasFiles(e)) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setActive(false);
      }}
      onDrop={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        depth.current = 0;
        setActive(false);
        onDrop(e.dataTransfer.items);
      }}
    >
      {children}
      {active && (
        <div className="drop-zone__overlay" aria-hidden="true">
          <div className="drop-zone__message">
            <Icon name="upload" size={28} />
            <p className="drop-zone__title">Drop videos to import</p>
            <p className="drop-zone__hint">Files or whole folders</p>
          </div>
        </div>
      )}
    </div>
  );
}
