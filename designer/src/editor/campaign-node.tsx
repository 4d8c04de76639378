import { Handle, Position, useUpdateNodeInternals, type NodeProps } from '@xyflow/react';
import { memo, useEffect, useRef } from 'react';
import { nodeExecution, nodeOutputs, nodeType } from '../../../flow/registry';
import { flowType, type EditorNode } from './node-data';
import { NodeProblems } from './node-problems';
import { NodeProgressBadge } from './node-progress-badge';
import { summarize } from './node-summary';
import { useEditor } from './store-context';

function templateReference(type: string, config: unknown): string | undefined {
  try {
    return nodeType(type)?.references(config as never).find((reference) => reference.kind === 'template')?.id || undefined;
  } catch {
    return undefined; // an unfinished config has no reference yet
  }
}

/**
 * A flow node on the canvas: type label, one-line summary of its config, one source handle
 * per output of the registry (labelled), a target handle unless the type starts a flow, and
 * what the watched run and the last validation say about it.
 */
export const CampaignNode = memo(function CampaignNode({ id, data, selected }: NodeProps<EditorNode>) {
  const type = flowType(data);
  const definition = nodeType(type);
  const outputs = nodeOutputs({ type, config: data.config });
  const waitsOnPeople = nodeExecution({ type, config: data.config }) === 'human-gate';
  // The template a node refers to (its module says which), to show its name in the summary.
  const templateId = templateReference(type, data.config);
  const templateName = useEditor((state) => (templateId ? state.templates.find((t) => t.id === templateId)?.name : undefined));
  const hasProblems = useEditor((state) => (state.problemsByNode[id]?.length ?? 0) > 0);
  const summary = summarize(data, { templateName: () => templateName });

  // Handles that come and go with the config (a branch's variants) must be re-measured.
  // Not on mount: React Flow measures new nodes itself, and an early re-measure upsets fitView.
  const updateNodeInternals = useUpdateNodeInternals();
  const handleKey = outputs.join('\u0000');
  const measuredKey = useRef(handleKey);
  useEffect(() => {
    if (measuredKey.current === handleKey) return;
    measuredKey.current = handleKey;
    updateNodeInternals(id);
  }, [handleKey, id, updateNodeInternals]);

  const classes = ['campaign-node', `campaign-node--${definition?.category ?? 'unknown'}`];
  if (selected) classes.push('campaign-node--selected');
  if (hasProblems) classes.push('campaign-node--invalid');

  return (
    <div className={classes.join(' ')}>
      {!definition?.entry && <Handle type="target" position={Position.Left} className="campaign-node__target" />}
      <div className="campaign-node__header">
        <span className="campaign-node__label">{definition?.label ?? `Unknown type "${type}"`}</span>
        <span className="campaign-node__id">{id}</span>
      </div>
      <div className="campaign-node__summary" title={summary}>
        {summary || '\u00a0'}
      </div>
      {outputs.length > 0 && (
        <ul className="campaign-node__outputs" aria-label="Outputs">
          {outputs.map((handle) => (
            <li key={handle} className="campaign-node__output">
              <span>{handle}</span>
              <Handle type="source" position={Position.Right} id={handle} className="campaign-node__source" />
            </li>
          ))}
        </ul>
      )}
      <NodeProgressBadge id={id} outputs={outputs} waitsOnPeople={waitsOnPeople} />
      <NodeProblems id={id} />
    </div>
  );
});
