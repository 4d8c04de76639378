import { useRef, useState } from 'react';

/**
 * A value to hand on (a reset link, a token's secret) in a read-only box with a Copy button.
 * The clipboard API needs a secure context (https or localhost); elsewhere the text is
 * selected and copied the old way, and stays selected for Ctrl+C if even that is refused.
 */
export function CopyField({ label, value }: { label: string; value: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);

  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard API');
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      input.current?.select();
      setCopied(document.execCommand('copy') ? 'yes' : 'no');
    }
  };

  return (
    <div className="copy-field">
      <input ref={input} aria-label={label} value={value} readOnly onFocus={(event) => event.target.select()} />
      <button type="button" className="button" onClick={() => void copy()}>
        Copy
      </button>
      <span className="copy-field__status" role="status">
        {copied === 'yes' ? 'Copied' : copied === 'no' ? 'Press Ctrl+C to copy' : ''}
      </span>
    </div>
  );
}
