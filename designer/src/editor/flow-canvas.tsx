import { Background, Controls, MiniMap, Panel, ReactFlow, useReactFlow, type Connection, type Edge, type NodeTypes } from '@xyflow/react';
import { nodeType } from '../../../flow/registry';
import { useCallback, type DragEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { CampaignNode } from './campaign-node';
import { canConnect } from './connection-rules';
import { DEFAULT_NODE_SIZE } from './layout';
import { CAMPAIGN_NODE, flowType, type EditorNode } from './node-data';
import { PALETTE_MIME } from './palette';
import type { EditorState } from './store';
import { useEditor, useEditorStore } from './store-context';

const nodeTypes: NodeTypes = { [CAMPAIGN_NODE]: CampaignNode };
const DELETE_KEYS = ['Delete', 'Backspace'];

/** Minimap colours by node category, as the palette and node borders (styles.css). */
const CATEGORY_COLOURS: Record<string, string> = { audience: '#2f5bea', message: '#7c3aed', timing: '#c27c0e', outcome: '#1f7a3d' };
const minimapColour = (node: EditorNode) => CATEGORY_COLOURS[nodeType(flowType(node.data))?.category ?? ''] ?? '#6b7280';

const canvasSlice = (state: EditorState) => ({
  nodes: state.nodes,
  edges: state.edges,
  onNodesChange: state.onNodesChange,
  onEdgesChange: state.onEdgesChange,
  onConnect: state.onConnect,
});

/** The React Flow canvas: the flow's nodes and edges, drop target of the palette. */
export function FlowCanvas() {
  const { nodes, edges, onNodesChange, onEdgesChange, onConnect } = useEditor(useShallow(canvasSlice));
  const store = useEditorStore();
  const { screenToFlowPosition } = useReactFlow();

  const isValidConnection = useCallback(
    (connection: Edge | Connection) => {
      const state = store.getState();
      return canConnect(connection, state.nodes, state.edges);
    },
    [store],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(PALETTE_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(PALETTE_MIME);
      if (!type) return;
      event.preventDefault();
      const point = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      // Drop the node centred on the pointer, as it was held in the palette.
      store.getState().addNode(type, { x: point.x - DEFAULT_NODE_SIZE.width / 2, y: point.y - 30 });
    },
    [screenToFlowPosition, store],
  );

  return (
    <div className="flow-canvas" aria-label="Flow canvas" role="region">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        onDragOver={onDragOver}
        onDrop={onDrop}
        deleteKeyCode={DELETE_KEYS}
        fitView
        fitViewOptions={{ padding: 0.12, maxZoom: 1 }}
        minZoom={0.2}
      >
        <Background gap={20} />
        <Controls />
        {nodes.length === 0 && (
          <Panel position="top-center" className="flow-canvas__hint">
            Drag an Audience from the palette to start the flow.
          </Panel>
        )}
        <MiniMap<EditorNode> pannable zoomable nodeColor={minimapColour} />
      </ReactFlow>
    </div>
  );
}
