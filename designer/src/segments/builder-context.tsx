import { createContext, useContext } from 'react';
import type { FieldCatalog } from './field-catalog';
import type { DraftNode, DraftProblem } from './segment-draft';

/** What every group and condition of one builder shares, so the recursive tree needs no prop relay. */
export interface BuilderContextValue {
  catalog: FieldCatalog;
  /** Problems to show, by draft node id (already filtered: touched conditions, or all after a save attempt). */
  problemsByNode: ReadonlyMap<string, DraftProblem[]>;
  update: (id: string, change: (node: DraftNode) => DraftNode) => void;
  remove: (id: string) => void;
  append: (groupId: string, node: DraftNode) => void;
}

export const BuilderContext = createContext<BuilderContextValue | null>(null);

export function useBuilder(): BuilderContextValue {
  const value = useContext(BuilderContext);
  if (!value) throw new Error('useBuilder must be used inside <RuleBuilder>');
  return value;
}
