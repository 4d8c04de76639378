/** One thing wrong with a flow, pinned to the node (or edge) the designer should highlight. */
export interface FlowProblem {
  nodeId: string | null;
  edgeId?: string;
  field?: string;
  code: FlowProblemCode;
  message: string;
}

export type FlowProblemCode =
  | 'NOT_A_FLOW'
  | 'UNSUPPORTED_VERSION'
  | 'DUPLICATE_ID'
  | 'UNKNOWN_TYPE'
  | 'INVALID_CONFIG'
  | 'DANGLING_EDGE'
  | 'UNKNOWN_HANDLE'
  | 'HANDLE_FANOUT'
  | 'NO_ENTRY_NODE'
  | 'ENTRY_NOT_AUDIENCE'
  | 'UNREACHABLE_NODE'
  | 'CYCLE_WITHOUT_WAIT'
  | 'CYCLE_WITHOUT_EXIT'
  | 'LOOP_WITHOUT_CAP'
  | 'EMPTY_FLOW';
