/** A yes/no question in place of the button that asked it (disable a user, revoke a token). */
export function InlineConfirm({
  question,
  confirmLabel,
  busy,
  onConfirm,
  onCancel,
}: {
  question: string;
  confirmLabel: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <div className="run-panel__confirm inline-confirm" role="group" aria-label={question}>
      <p>{question}</p>
      <div className="button-row">
        <button type="button" className="button button--danger button--small" disabled={busy} onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button type="button" className="button button--small" disabled={busy} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
