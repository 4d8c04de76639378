/** A form's action and its Cancel, both held while the action runs. */
export function SubmitRow({ busy, label, busyLabel, danger = false, disabled = false, onCancel }: { busy: boolean; label: string; busyLabel: string; danger?: boolean; disabled?: boolean; onCancel: () => void }) {
  return (
    <div className="button-row">
      <button type="submit" className={`button ${danger ? 'button--danger' : 'button--primary'}`} disabled={busy || disabled}>
        {busy ? busyLabel : label}
      </button>
      <button type="button" className="button" disabled={busy} onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
