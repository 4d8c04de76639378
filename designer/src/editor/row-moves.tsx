import './node-editors.css';

interface RowMovesProps {
  /** "outcome 2": names the buttons for screen readers and tests. */
  what: string;
  index: number;
  count: number;
  onMove: (delta: -1 | 1) => void;
  /** Absent when the row may not go (the last outcome). */
  onRemove?: () => void;
}

/** Up, down and remove buttons of one row of an ordered list in the inspector. */
export function RowMoves({ what, index, count, onMove, onRemove }: RowMovesProps) {
  return (
    <span className="row-moves">
      <button type="button" className="button button--icon nodrag" aria-label={`Move ${what} up`} disabled={index === 0} onClick={() => onMove(-1)}>
        ↑
      </button>
      <button type="button" className="button button--icon nodrag" aria-label={`Move ${what} down`} disabled={index === count - 1} onClick={() => onMove(1)}>
        ↓
      </button>
      {onRemove && (
        <button type="button" className="button button--icon nodrag" aria-label={`Remove ${what}`} onClick={onRemove}>
          ×
        </button>
      )}
    </span>
  );
}
