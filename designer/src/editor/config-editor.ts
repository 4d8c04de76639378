import type { SavedFlowProblem } from '../../../contracts/flow';

/** What an editor of a node's whole config receives (the audience's source, a call-back, a branch). */
export interface ConfigEditorProps {
  config: Record<string, unknown>;
  /** The node's problems from the last validation (validateFlow / the API). */
  problems: readonly SavedFlowProblem[];
  onChange: (config: Record<string, unknown>) => void;
}
