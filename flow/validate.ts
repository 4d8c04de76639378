import { Value } from '@sinclair/typebox/value';
import { entryNodes, type FlowGraph } from './graph';
import type { ExecutionKind } from './nodes/define';
import type { FlowProblem } from './problems';
import { nodeExecution, nodeOutputs, nodeType } from './registry';

/**
 * Every problem with a flow, each pinned to its node, so the designer can mark the offending
 * nodes and the API can refuse to save. An empty list means the flow can run.
 */
export function validateFlow(graph: Pick<FlowGraph, 'nodes' | 'edges'>): FlowProblem[] {
  if (graph.nodes.length === 0) {
    return [{ nodeId: null, code: 'EMPTY_FLOW', message: 'The flow has no nodes: add an Audience to start from' }];
  }
  return [
    ...duplicateIds(graph),
    ...nodeConfigProblems(graph),
    ...edgeProblems(graph),
    ...entryProblems(graph),
    ...cycleProblems(graph),
  ];
}

function duplicateIds(graph: Pick<FlowGraph, 'nodes' | 'edges'>): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const seen = new Set<string>();
  for (const node of graph.nodes) {
    if (seen.has(node.id)) problems.push({ nodeId: node.id, code: 'DUPLICATE_ID', message: `Two nodes share the id "${node.id}"` });
    seen.add(node.id);
  }
  const edgeIds = new Set<string>();
  for (const edge of graph.edges) {
    if (edgeIds.has(edge.id)) problems.push({ nodeId: null, edgeId: edge.id, code: 'DUPLICATE_ID', message: `Two edges share the id "${edge.id}"` });
    edgeIds.add(edge.id);
  }
  return problems;
}

function nodeConfigProblems(graph: Pick<FlowGraph, 'nodes'>): FlowProblem[] {
  const problems: FlowProblem[] = [];
  for (const node of graph.nodes) {
    const definition = nodeType(node.type);
    if (!definition) {
      problems.push({ nodeId: node.id, code: 'UNKNOWN_TYPE', message: `Unknown node type "${node.type}"` });
      continue;
    }
    const reported = new Set<string>();
    for (const error of Value.Errors(definition.configSchema, node.config)) {
      const field = error.path.replace(/^\//, '').replaceAll('/', '.') || undefined;
      // TypeBox may explain one bad field several ways; the first says it best.
      if (reported.has(field ?? '')) continue;
      reported.add(field ?? '');
      const hint = field === undefined ? undefined : definition.fieldHints?.[field];
      problems.push({
        nodeId: node.id,
        field,
        code: 'INVALID_CONFIG',
        message: `${definition.label}: ${hint ?? `${field ?? 'configuration'} — ${error.message}`}`,
      });
    }
    if (reported.size === 0 && definition.extraProblems) problems.push(...definition.extraProblems(node.id, node.config));
  }
  return problems;
}

function edgeProblems(graph: Pick<FlowGraph, 'nodes' | 'edges'>): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const nodes = new Map(graph.nodes.map((node) => [node.id, node]));
  const usedHandles = new Set<string>();
  for (const edge of graph.edges) {
    const source = nodes.get(edge.source);
    if (!source || !nodes.has(edge.target)) {
      const missing = source ? edge.target : edge.source;
      problems.push({
        nodeId: source ? source.id : nodes.has(edge.target) ? edge.target : null,
        edgeId: edge.id,
        code: 'DANGLING_EDGE',
        message: `Edge "${edge.id}" points to a node that does not exist ("${missing}")`,
      });
      continue;
    }
    if (!nodeOutputs(source).includes(edge.sourceHandle)) {
      if (nodeType(source.type)) {
        problems.push({
          nodeId: source.id,
          edgeId: edge.id,
          code: 'UNKNOWN_HANDLE',
          message: `${nodeType(source.type)?.label} has no output "${edge.sourceHandle}"`,
        });
      }
      continue;
    }
    const handleKey = `${edge.source}\u0000${edge.sourceHandle}`;
    if (usedHandles.has(handleKey)) {
      problems.push({
        nodeId: source.id,
        edgeId: edge.id,
        code: 'HANDLE_FANOUT',
        message: `Output "${edge.sourceHandle}" is connected twice: a contact can only go one way`,
      });
    }
    usedHandles.add(handleKey);
  }
  return problems;
}

function validEdges(graph: Pick<FlowGraph, 'nodes' | 'edges'>) {
  const ids = new Set(graph.nodes.map((node) => node.id));
  return graph.edges.filter((edge) => ids.has(edge.source) && ids.has(edge.target));
}

function entryProblems(graph: Pick<FlowGraph, 'nodes' | 'edges'>): FlowProblem[] {
  const edges = validEdges(graph);
  const entries = entryNodes({ nodes: graph.nodes, edges });
  if (entries.length === 0) {
    return [{ nodeId: null, code: 'NO_ENTRY_NODE', message: 'Every node has an incoming edge: the flow needs an Audience to start from' }];
  }
  const problems: FlowProblem[] = entries
    .filter((node) => nodeType(node.type) && !nodeType(node.type)?.entry)
    .map((node) => ({
      nodeId: node.id,
      code: 'ENTRY_NOT_AUDIENCE' as const,
      message: `${nodeType(node.type)?.label} has no incoming edge: nothing will ever reach it`,
    }));
  const reached = new Set(entries.map((node) => node.id));
  const queue = [...reached];
  for (let current = queue.shift(); current !== undefined; current = queue.shift()) {
    for (const edge of edges) {
      if (edge.source === current && !reached.has(edge.target)) {
        reached.add(edge.target);
        queue.push(edge.target);
      }
    }
  }
  for (const node of graph.nodes) {
    if (!reached.has(node.id)) {
      problems.push({ nodeId: node.id, code: 'UNREACHABLE_NODE', message: 'No path from an Audience reaches this node' });
    }
  }
  return problems;
}

/**
 * Loops are fine (no answer → wait → call again) when they pause (a timer, a poll or a person
 * in the loop), let members out (an output leading outside the loop, or ending the journey)
 * and say how many laps a member may make (`maxVisits` on one of the loop's nodes).
 */
function cycleProblems(graph: Pick<FlowGraph, 'nodes' | 'edges'>): FlowProblem[] {
  const edges = validEdges(graph);
  const nodes = new Map(graph.nodes.map((node) => [node.id, node]));
  return loops(graph.nodes.map((node) => node.id), edges).flatMap((loop) => {
    const members = new Set(loop);
    const inLoop = loop.flatMap((id) => nodes.get(id) ?? []);
    const pinned = (code: FlowProblem['code'], message: string) => loop.map((nodeId) => ({ nodeId, code, message }));
    const problems: FlowProblem[] = [];
    if (!inLoop.some((node) => PAUSING_KINDS.has(nodeExecution(node) ?? 'activity'))) {
      problems.push(...pinned('CYCLE_WITHOUT_WAIT', 'This node is in a loop with no Wait: contacts would go round without pause'));
    }
    const exits = inLoop.some((node) =>
      nodeOutputs(node).some((handle) => {
        const edge = edges.find((e) => e.source === node.id && e.sourceHandle === handle);
        return !edge || !members.has(edge.target);
      }),
    );
    if (!exits) problems.push(...pinned('CYCLE_WITHOUT_EXIT', 'This node is in a loop that no contact can ever leave: connect an output outside the loop'));
    if (!inLoop.some((node) => typeof (node.config as { maxVisits?: unknown }).maxVisits === 'number')) {
      problems.push(...pinned('LOOP_WITHOUT_CAP', 'This node is in a loop without a limit: set "Max visits" on one of its nodes'));
    }
    return problems;
  });
}

/** Execution kinds that hold members for a while: a loop through one of them cannot spin. */
const PAUSING_KINDS: ReadonlySet<ExecutionKind> = new Set<ExecutionKind>(['timer', 'poll-until', 'human-gate']);

/** The loops of a graph: strongly connected components with more than one node, or a self-edge. */
export function loops(ids: string[], edges: { source: string; target: string }[]): string[][] {
  return stronglyConnected(ids, edges).filter(
    (component) => component.length > 1 || edges.some((e) => e.source === component[0] && e.target === component[0]),
  );
}

/** Tarjan's algorithm, iterative so deep flows cannot overflow the stack. */
function stronglyConnected(ids: string[], edges: { source: string; target: string }[]): string[][] {
  const successors = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const edge of edges) successors.get(edge.source)?.push(edge.target);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const start of ids) {
    if (index.has(start)) continue;
    const work: { id: string; next: number }[] = [{ id: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const next = successors.get(frame.id)?.[frame.next];
      if (next !== undefined) {
        frame.next++;
        if (!index.has(next)) {
          index.set(next, counter);
          low.set(next, counter++);
          stack.push(next);
          onStack.add(next);
          work.push({ id: next, next: 0 });
        } else if (onStack.has(next)) {
          low.set(frame.id, Math.min(low.get(frame.id)!, index.get(next)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let member: string | undefined;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.id);
        components.push(component);
      }
    }
  }
  return components;
}
