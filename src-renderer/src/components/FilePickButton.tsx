// A button that opens the system file picker for one file: the input stays hidden and out of
// the tab order (the button is what keyboard and assistive technology reach), and is cleared
// after each pick so choosing the same file again still reports it.
import { useRef, type ReactNode } from 'react';

export function FilePickButton(props: { accept: string; inputLabel: string; onPick: (file: File) => void; disabled?: boolean; children: ReactNode }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        accept={props.accept}
        className="visually-hidden"
        tabIndex={-1}
        aria-label={props.inputLabel}
        onChange={(e) => {
          const f = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (f) props.onPick(f);
        }}
      />
      <button type="button" className="button" disabled={props.disabled} onClick={() => input.current?.click()}>
        {props.children}
      </button>
    </>
  );
}
