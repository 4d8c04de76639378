import type { SummaryContext } from '../../../flow/nodes/define';
import { nodeType } from '../../../flow/registry';
import { flowType, type EditorNodeData } from './node-data';

export type { SummaryContext } from '../../../flow/nodes/define';

/**
 * One line saying what a node does with its current config, for the canvas: the node
 * module's own summary. Defensive: a node may hold an invalid config until it is fixed.
 */
export function summarize(data: EditorNodeData, context: SummaryContext): string {
  const module = nodeType(flowType(data));
  if (module) {
    try {
      return module.summary(data.config as never, context);
    } catch {
      return 'Configuration incomplete';
    }
  }
  return Object.entries(data.config)
    .filter(([, value]) => typeof value !== 'object')
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join(', ');
}
