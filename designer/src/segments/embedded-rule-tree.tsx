import { useCallback, useMemo, useState } from 'react';
import type { SegmentRule } from '../../../flow/segment-rule';
import type { FieldCatalog } from './field-catalog';
import { RuleBuilder } from './rule-builder';
import { fromSegmentRule, newGroup, nodeForProblemPath, rulePathOf, toSegmentRule, type DraftGroup, type DraftProblem } from './segment-draft';
import { useFieldCatalog } from './use-field-catalog';

/** A problem the flow validator pinned inside the rule (`field: 'rule.rules.0.value'`). */
export interface RuleFieldProblem {
  field?: string;
  message: string;
}

interface EmbeddedRuleTreeProps {
  rule: unknown;
  /** Problems of the node's config from the last refused save (validateFlow / the API). */
  problems: readonly RuleFieldProblem[];
  onChange: (rule: SegmentRule) => void;
}

/**
 * The segment builder inside the audience inspector, writing `{ source: 'rules', rule }`. An
 * unfinished condition writes a rule the flow validator refuses, so a flow with a half-built
 * audience is saved only as a draft with that problem, and cannot run.
 */
export function EmbeddedRuleTree(props: EmbeddedRuleTreeProps) {
  const catalog = useFieldCatalog();
  if (catalog.status === 'loading') return <p className="muted">Loading fields…</p>;
  return (
    <>
      {catalog.warning && <p className="field__hint">{catalog.warning}</p>}
      <LoadedRuleTree {...props} catalog={catalog.catalog} />
    </>
  );
}

function LoadedRuleTree({ rule, problems, onChange, catalog: baseCatalog }: EmbeddedRuleTreeProps & { catalog: FieldCatalog }) {
  const [opened] = useState(() =>
    typeof rule === 'object' && rule !== null ? fromSegmentRule(rule as SegmentRule, baseCatalog) : { root: newGroup(), catalog: baseCatalog },
  );
  const [root, setRoot] = useState<DraftGroup>(opened.root);
  const translation = useMemo(() => toSegmentRule(root, opened.catalog), [root, opened.catalog]);

  // The validator's problems name rule paths; pin them onto the conditions they came from.
  const pinned = useMemo<DraftProblem[]>(
    () =>
      problems.flatMap((problem) => {
        const path = problem.field === undefined ? undefined : rulePathOf(problem.field);
        if (path === undefined || translation.problems.length > 0) return [];
        return [{ nodeId: nodeForProblemPath(translation.paths, path) ?? root.id, message: problem.message }];
      }),
    [problems, translation, root.id],
  );

  const change = useCallback(
    (next: DraftGroup) => {
      setRoot(next);
      onChange(toSegmentRule(next, opened.catalog).rule);
    },
    [onChange, opened.catalog],
  );

  return <RuleBuilder root={root} catalog={opened.catalog} problems={[...translation.problems, ...pinned]} showAll={problems.length > 0} onChange={change} />;
}
