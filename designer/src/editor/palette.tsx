import { useStoreApi } from '@xyflow/react';
import type { DragEvent } from 'react';
import { NODE_TYPES } from '../../../flow/registry';
import { DEFAULT_NODE_SIZE } from './layout';
import { useEditorStore } from './store-context';

/** Drag payload type: the node type's name, so no other drag can drop a node. */
export const PALETTE_MIME = 'application/x-campaign-node';

type Box = { x: number; y: number; width: number; height: number };

/** Below `spot`, the first place where a new node overlaps none of `nodes`. */
function freeSpot(spot: { x: number; y: number }, nodes: readonly Box[]): { x: number; y: number } {
  const { width, height } = DEFAULT_NODE_SIZE;
  const overlaps = (y: number) => nodes.some((n) => spot.x < n.x + n.width && n.x < spot.x + width && y < n.y + n.height && n.y < y + height);
  let y = spot.y;
  for (let tries = 0; tries < 50 && overlaps(y); tries++) y += 40;
  return { x: spot.x, y };
}

function onDragStart(event: DragEvent, type: string) {
  event.dataTransfer.setData(PALETTE_MIME, type);
  event.dataTransfer.effectAllowed = 'copy';
}

/**
 * Every node type of the registry: drag one onto the canvas, or activate it (click, Enter) to
 * add it in the middle of the visible canvas (below
 * whatever is there already).
 */
export function Palette() {
  const editor = useEditorStore();
  const flow = useStoreApi();

  const addAtCentre = (type: string) => {
    const { width, height, transform } = flow.getState();
    const [tx, ty, zoom] = transform;
    const centre = { x: (width / 2 - tx) / zoom - DEFAULT_NODE_SIZE.width / 2, y: (height / 2 - ty) / zoom - DEFAULT_NODE_SIZE.height / 2 };
    const boxes = editor.getState().nodes.map((node) => ({
      ...node.position,
      width: node.measured?.width ?? DEFAULT_NODE_SIZE.width,
      height: node.measured?.height ?? DEFAULT_NODE_SIZE.height,
    }));
    editor.getState().addNode(type, freeSpot(centre, boxes));
  };

  return (
    <aside className="palette" aria-label="Palette">
      <h2 className="panel-title">Nodes</h2>
      <ul className="palette__list">
        {NODE_TYPES.map((definition) => (
          <li key={definition.type}>
            <button
              type="button"
              draggable
              className={`palette__item palette__item--${definition.category}`}
              aria-label={definition.label}
              aria-describedby={`palette-desc-${definition.type}`}
              onDragStart={(event) => onDragStart(event, definition.type)}
              onClick={() => addAtCentre(definition.type)}
            >
              <span className="palette__label">{definition.label}</span>
              <span className="palette__description" id={`palette-desc-${definition.type}`}>
                {definition.description}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <p className="palette__hint">Drag onto the canvas, or click to add. Connect an output to a node&apos;s left edge.</p>
    </aside>
  );
}
