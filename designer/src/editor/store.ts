import { applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange } from '@xyflow/react';
import { createStore } from 'zustand/vanilla';
import type { FlowGraph } from '../../../flow/graph';
import type { SavedFlowProblem } from '../../../contracts/flow';
import { nodeType } from '../../../flow/registry';
import { validateFlow } from '../../../flow/validate';
import type { RunProgress, Template } from '../api/client';
import { canConnect, edgeId } from './connection-rules';
import { toEditor, toEditorEdge, toGraph } from './convert';
import { nodeData, type EditorEdge, type EditorNode } from './node-data';

export interface EditorMeta {
  /** null until the first save creates the flow on the server. */
  flowId: string | null;
  name: string;
  version: number | null;
}

/** `refused`: the server would not save it at all (not a flow document); a draft with problems is `saved`. */
export type SaveState =
  | { status: 'idle' }
  | { status: 'saving' }
  | { status: 'saved'; version: number }
  | { status: 'refused' }
  | { status: 'failed'; message: string };

export interface EditorState extends EditorMeta {
  nodes: EditorNode[];
  edges: EditorEdge[];
  /** Changed since the last save (or load). */
  dirty: boolean;
  /** What the flow still lacks before it can run (a draft is saved with them). */
  problems: SavedFlowProblem[];
  problemsByNode: Record<string, SavedFlowProblem[]>;
  /** Problems are showing, and so are recomputed on every edit (after a save, a load, a refused start). */
  problemsShown: boolean;
  save: SaveState;
  templates: Template[];
  runId: string | null;
  progress: RunProgress | null;

  onNodesChange: (changes: NodeChange<EditorNode>[]) => void;
  onEdgesChange: (changes: EdgeChange<EditorEdge>[]) => void;
  onConnect: (connection: Connection) => void;
  addNode: (type: string, position: { x: number; y: number }) => string | null;
  updateConfig: (id: string, config: Record<string, unknown>) => void;
  setName: (name: string) => void;
  applyPositions: (positions: ReadonlyMap<string, { x: number; y: number }>) => void;
  setTemplates: (templates: Template[]) => void;
  /** Show problems (the server's, or a refused run's); from then on they follow every edit. */
  showProblems: (problems: SavedFlowProblem[]) => void;
  saveStarted: () => void;
  /** Saved, perhaps as a draft: `problems` are what the server found still to fix. */
  saveSucceeded: (saved: { id: string; name: string; version: number; problems: SavedFlowProblem[] }) => void;
  /** The server refused to save it at all; its problems say why. */
  saveRefused: (problems: SavedFlowProblem[]) => void;
  saveFailed: (message: string) => void;
  watchRun: (runId: string | null) => void;
  setProgress: (progress: RunProgress | null) => void;
}

export type EditorStore = ReturnType<typeof createEditorStore>;

const GRAPH_CHANGES = new Set(['position', 'remove', 'add', 'replace']);

function byNode(problems: SavedFlowProblem[]): Record<string, SavedFlowProblem[]> {
  const grouped: Record<string, SavedFlowProblem[]> = {};
  for (const problem of problems) {
    if (problem.nodeId) (grouped[problem.nodeId] ??= []).push(problem);
  }
  return grouped;
}

function freeId(type: string, nodes: readonly EditorNode[]): string {
  const taken = new Set(nodes.map((node) => node.id));
  let n = 1;
  while (taken.has(`${type}-${n}`)) n++;
  return `${type}-${n}`;
}

/**
 * The editor's state for one flow: canvas nodes and edges, the flow's name and version, save
 * status, problems pinned to nodes, and the progress of the run being watched. One store per
 * open flow, provided by context (see store-context.tsx).
 */
export function createEditorStore(initialGraph: Pick<FlowGraph, 'nodes' | 'edges'>, meta: EditorMeta = { flowId: null, name: 'Untitled flow', version: null }) {
  const { nodes, edges } = toEditor(initialGraph);
  return createStore<EditorState>()((set, get) => {
    /**
     * After any change to the graph: mark dirty, refresh the problems if they are showing (with
     * the shared validation; what only the server checks, such as a deleted template, comes
     * back with the next save).
     */
    const changed = (patch: Partial<EditorState>) => {
      const next = { ...get(), ...patch };
      const save: SaveState = next.save.status === 'refused' ? { status: 'idle' } : next.save;
      if (!next.problemsShown) return set({ ...patch, dirty: true, save });
      const problems = validateFlow(toGraph(next.nodes, next.edges));
      set({ ...patch, dirty: true, problems, problemsByNode: byNode(problems), save });
    };

    return {
      ...meta,
      nodes,
      edges,
      dirty: false,
      problems: [],
      problemsByNode: {},
      problemsShown: false,
      save: { status: 'idle' },
      templates: [],
      runId: null,
      progress: null,

      onNodesChange(changes) {
        const next = applyNodeChanges(changes, get().nodes);
        if (changes.some((change) => GRAPH_CHANGES.has(change.type))) changed({ nodes: next });
        else set({ nodes: next });
      },
      onEdgesChange(changes) {
        const next = applyEdgeChanges(changes, get().edges);
        if (changes.some((change) => GRAPH_CHANGES.has(change.type))) changed({ edges: next });
        else set({ edges: next });
      },
      onConnect(connection) {
        const { nodes: current, edges: existing } = get();
        if (!canConnect(connection, current, existing) || !connection.sourceHandle) return;
        const edge = toEditorEdge({
          id: edgeId(connection.source, connection.sourceHandle, connection.target),
          source: connection.source,
          sourceHandle: connection.sourceHandle,
          target: connection.target,
        });
        changed({ edges: [...existing, edge] });
      },
      addNode(type, position) {
        const definition = nodeType(type);
        if (!definition) return null;
        const id = freeId(type, get().nodes);
        const config = structuredClone(definition.defaultConfig) as Record<string, unknown>;
        const node: EditorNode = { id, type: 'campaign', position, data: nodeData(type, config), selected: true };
        changed({ nodes: [...get().nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node] });
        return id;
      },
      updateConfig(id, config) {
        changed({
          nodes: get().nodes.map((node) =>
            node.id === id ? { ...node, data: { ...node.data, config } as EditorNode['data'] } : node,
          ),
        });
      },
      setName(name) {
        set({ name, dirty: true });
      },
      applyPositions(positions) {
        changed({
          nodes: get().nodes.map((node) => {
            const position = positions.get(node.id);
            return position ? { ...node, position } : node;
          }),
        });
      },
      setTemplates(templates) {
        set({ templates });
      },
      showProblems(problems) {
        set({ problems, problemsByNode: byNode(problems), problemsShown: true });
      },
      saveStarted() {
        set({ save: { status: 'saving' } });
      },
      saveSucceeded(saved) {
        const { problems } = saved;
        set({ flowId: saved.id, name: saved.name, version: saved.version, dirty: false, problems, problemsByNode: byNode(problems), problemsShown: true, save: { status: 'saved', version: saved.version } });
      },
      saveRefused(problems) {
        set({ problems, problemsByNode: byNode(problems), problemsShown: true, save: { status: 'refused' } });
      },
      saveFailed(message) {
        set({ save: { status: 'failed', message } });
      },
      watchRun(runId) {
        set({ runId, progress: null });
      },
      setProgress(progress) {
        set({ progress });
      },
    };
  });
}
