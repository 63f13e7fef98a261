// The keyboard (and mouse) way in: pick video files, or a folder of them. The file inputs are
// hidden but labelled; their buttons carry the names people see.
import { useRef } from 'react';
import { Icon } from '../../components/Icon';

export const VIDEO_ACCEPT = 'video/*,.mp4,.mov,.webm,.mkv,.m4v';

export function ImportButtons({ onFiles }: { onFiles: (files: File[]) => void }) {
  const files = useRef<HTMLInputElement>(null);
  const take = (input: HTMLInputElement): void => {
    const picked = input.files ? [...input.files] : [];
    // Cleared so picking the same file again still fires change.
    input.value = '';
    if (picked.length) onFiles(picked);
  };
  return (
    <div className="import-buttons">
      <input
        ref={files}
        type="file"
        multiple
        accept={VIDEO_ACCEPT}
        className="visually-hidden"
        tabIndex={-1}
        aria-label="Video files to import"
        onChange={(e) => take(e.currentTarget)}
      />
      <input
        ref={(el) => {
          // Not in React's DOM types; the folder picker every current browser and Electron support.
          el?.setAttribute('webkitdirectory', '');
        }}
        id="import-folder-input"
        type="file"
        multiple
        className="visually-hidden"
        tabIndex={-1}
        aria-label="Folder to import"
        onChange={(e) => take(e.currentTarget)}
      />
      <button type="button" className="button" onClick={() => document.getElementById('import-folder-input')?.click()}>
        <Icon name="folder" size={15} />
        Import folder
      </button>
      <button type="button" className="button button--primary" onClick={() => files.current?.click()}>
        <Icon name="upload" size={15} />
        Import videos
      </button>
    </div>
  );
}
