import { useReactFlow, useStoreApi } from '@xyflow/react';
import type { DragEvent } from 'react';
import { NODE_TYPES } from '../../../flow/registry';
import { DEFAULT_NODE_SIZE, placeNewNode } from './layout';
import { useEditorStore } from './store-context';

/** Drag payload type: the node type's name, so no other drag can drop a node. */
export const PALETTE_MIME = 'application/x-campaign-node';

function onDragStart(event: DragEvent, type: string) {
  event.dataTransfer.setData(PALETTE_MIME, type);
  event.dataTransfer.effectAllowed = 'copy';
}

/**
 * Every node type of the registry: drag one onto the canvas, or activate it (click, Enter) to
 * add it where there is room, from the middle of the visible canvas rightwards (see
 * `placeNewNode`); the view follows when that is off screen.
 */
export function Palette() {
  const editor = useEditorStore();
  const flow = useStoreApi();
  const { fitView } = useReactFlow();

  const addWhereThereIsRoom = (type: string) => {
    const { width, height, transform } = flow.getState();
    const [tx, ty, zoom] = transform;
    const centre = { x: (width / 2 - tx) / zoom - DEFAULT_NODE_SIZE.width / 2, y: (height / 2 - ty) / zoom - DEFAULT_NODE_SIZE.height / 2 };
    const boxes = editor.getState().nodes.map((node) => ({
      ...node.position,
      width: node.measured?.width ?? DEFAULT_NODE_SIZE.width,
      height: node.measured?.height ?? DEFAULT_NODE_SIZE.height,
    }));
    const spot = placeNewNode(boxes, centre);
    editor.getState().addNode(type, spot);
    const visible = spot.x * zoom + tx >= 0 && (spot.x + DEFAULT_NODE_SIZE.width) * zoom + tx <= width && spot.y * zoom + ty >= 0 && (spot.y + DEFAULT_NODE_SIZE.height) * zoom + ty <= height;
    if (!visible) requestAnimationFrame(() => void fitView({ padding: 0.2, maxZoom: zoom, duration: 200 }));
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
              onClick={() => addWhereThereIsRoom(definition.type)}
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
