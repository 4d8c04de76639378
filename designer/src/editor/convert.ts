import { FLOW_DOCUMENT_TYPE, FLOW_SCHEMA_VERSION, type FlowEdge, type FlowGraph, type FlowNode } from '../../../flow/graph';
import { CAMPAIGN_NODE, flowType, nodeData, type EditorEdge, type EditorNode } from './node-data';

/**
 * The two shapes of a flow: the saved `FlowGraph` (shared with API and workflow) and React
 * Flow's nodes and edges. Pure functions, so a graph survives a trip through the canvas
 * unchanged.
 */

export function toEditorNode(node: FlowNode): EditorNode {
  return {
    id: node.id,
    type: CAMPAIGN_NODE,
    position: { x: node.position.x, y: node.position.y },
    data: nodeData(node.type, node.config),
  };
}

export function toEditorEdge(edge: FlowEdge): EditorEdge {
  return {
    id: edge.id,
    source: edge.source,
    sourceHandle: edge.sourceHandle,
    target: edge.target,
    label: edge.sourceHandle,
  };
}

export function toEditor(graph: Pick<FlowGraph, 'nodes' | 'edges'>): { nodes: EditorNode[]; edges: EditorEdge[] } {
  return { nodes: graph.nodes.map(toEditorNode), edges: graph.edges.map(toEditorEdge) };
}

export function toFlowNode(node: EditorNode): FlowNode {
  return {
    id: node.id,
    type: flowType(node.data),
    config: node.data.config,
    position: { x: node.position.x, y: node.position.y },
  };
}

/** React Flow allows an edge without a source handle; the flow does not, so it gets "". */
export function toFlowEdge(edge: EditorEdge): FlowEdge {
  return { id: edge.id, source: edge.source, sourceHandle: edge.sourceHandle ?? '', target: edge.target };
}

export function toGraph(nodes: readonly EditorNode[], edges: readonly EditorEdge[]): FlowGraph {
  return {
    type: FLOW_DOCUMENT_TYPE,
    version: FLOW_SCHEMA_VERSION,
    nodes: nodes.map(toFlowNode),
    edges: edges.map(toFlowEdge),
  };
}
