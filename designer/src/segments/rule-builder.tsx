import { useMemo } from 'react';
import { BuilderContext, type BuilderContextValue } from './builder-context';
import type { FieldCatalog } from './field-catalog';
import { RuleGroup } from './rule-group';
import { appendChild, removeNode, updateNode, visibleProblems, type DraftGroup, type DraftProblem } from './segment-draft';
import './segments.css';

interface RuleBuilderProps {
  root: DraftGroup;
  catalog: FieldCatalog;
  /** Problems of the current translation plus any the server named; shown per condition. */
  problems: readonly DraftProblem[];
  /** Show the problems of untouched conditions too (after a save attempt). */
  showAll: boolean;
  onChange: (root: DraftGroup) => void;
}

/** The rule tree as nested groups of conditions: the segment page and the audience inspector both embed it. */
export function RuleBuilder({ root, catalog, problems, showAll, onChange }: RuleBuilderProps) {
  const context = useMemo<BuilderContextValue>(() => {
    const problemsByNode = new Map<string, DraftProblem[]>();
    for (const problem of visibleProblems(root, problems, showAll)) {
      problemsByNode.set(problem.nodeId, [...(problemsByNode.get(problem.nodeId) ?? []), problem]);
    }
    return {
      catalog,
      problemsByNode,
      update: (id, change) => onChange(updateNode(root, id, change)),
      remove: (id) => onChange(removeNode(root, id)),
      append: (groupId, node) => onChange(appendChild(root, groupId, node)),
    };
  }, [catalog, problems, showAll, root, onChange]);

  return (
    <BuilderContext.Provider value={context}>
      <RuleGroup group={root} label="Rules" path="" />
    </BuilderContext.Provider>
  );
}
