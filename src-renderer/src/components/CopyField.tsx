// A value to copy somewhere else (a redirect URI for TikTok's portal, a link to open by hand):
// read-only, selectable, with a Copy button that says when it worked.
import { useEffect, useRef, useState } from 'react';
import { Icon } from './Icon';
import './CopyField.css';

export function CopyField({ value, label, link }: { value: string; label: string; /** Also offer it as a link that opens. */ link?: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  useEffect(() => {
    if (!copied) return;
    const t = setTimeout(() => setCopied(null), 2000);
    return () => clearTimeout(t);
  }, [copied]);

  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      // No clipboard permission: select it, so Ctrl+C works.
      input.current?.select();
      setCopied('no');
    }
  };

  return (
    <div className="copy-field">
      <input ref={input} className="input copy-field__input" readOnly value={value} aria-label={label} onFocus={(e) => e.currentTarget.select()} />
      <button type="button" className="button" onClick={() => void copy()} aria-label={`Copy ${label.charAt(0).toLowerCase()}${label.slice(1)}`}>
        <Icon name={copied === 'yes' ? 'check' : 'copy'} size={14} />
        {copied === 'yes' ? 'Copied' : 'Copy'}
      </button>
      {link && (
        <a className="button" href={value} target="_blank" rel="noreferrer">
          <Icon name="external" size={14} />
          Open
        </a>
      )}
      <span className="visually-hidden" role="status">
        {copied === 'yes' ? 'Copied' : copied === 'no' ? 'Selected: press Ctrl+C to copy' : ''}
      </span>
    </div>
  );
}
