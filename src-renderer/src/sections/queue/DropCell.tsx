// A calendar cell that takes a dragged post — unless it is already past: a post cannot move to
// a time that has gone, so past cells neither accept the drop nor light up (they are dimmed).
import { useState, type DragEvent, type ReactNode } from 'react';
import { POST_DRAG_TYPE, type DropTarget, type OnDropPost } from './drag';

interface DropCellProps {
  target: DropTarget;
  past: boolean;
  onDropPost: OnDropPost;
  className: string;
  children?: ReactNode;
  /** For the tests and styles: which day (and hour) this is. */
  slot: string;
}

export function DropCell({ target, past, onDropPost, className, children, slot }: DropCellProps) {
  const [over, setOver] = useState(false);
  const takes = (e: DragEvent): boolean => !past && e.dataTransfer.types.includes(POST_DRAG_TYPE);
  const classes = [className, past && `${className}--past`, over && `${className}--over`].filter(Boolean).join(' ');
  return (
    <td
      className={classes}
      data-slot={slot}
      onDragOver={(e) => {
        if (!takes(e)) return;
        // Saying "yes" to dragover is what makes this a drop target.
        e.preventDefault();
        e.dataTransfer.dropEffect = 'move';
        if (!over) setOver(true);
      }}
      onDragLeave={(e) => {
        // Moving onto a card inside the cell is not leaving it.
        if (!(e.relatedTarget instanceof Node && e.currentTarget.contains(e.relatedTarget))) setOver(false);
      }}
      onDrop={(e) => {
        setOver(false);
        if (!takes(e)) return;
        e.preventDefault();
        const id = e.dataTransfer.getData(POST_DRAG_TYPE);
        if (id) onDropPost(id, target);
      }}
    >
      {children}
    </td>
  );
}
