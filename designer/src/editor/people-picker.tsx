import { useId } from 'react';
import { ASSIGNMENTS } from '../../../flow/nodes/callback';
import type { SavedFlowProblem } from '../../../contracts/flow';
import { ASSIGNMENT_LABELS, assignmentTarget, withAssignment, type Assignment } from './assignment';
import { loadPeople, loadTeams } from './pickers';
import { RemoteSelect } from './remote-select';

interface AssignmentPickerProps {
  config: Record<string, unknown>;
  problems: readonly SavedFlowProblem[];
  onChange: (config: Record<string, unknown>) => void;
}

const FIELDS = ['assignTo', 'teamId', 'userId'];

/** Who gets each call: a team's agents in turn (pick the team), the owner, the store, or one person (pick them). */
export function AssignmentPicker({ config, problems, onChange }: AssignmentPickerProps) {
  const baseId = useId();
  const assignTo = (ASSIGNMENTS as readonly string[]).includes(config.assignTo as string) ? (config.assignTo as Assignment) : 'store';
  const target = assignmentTarget(assignTo);
  const own = problems.filter((problem) => problem.field !== undefined && FIELDS.includes(problem.field));
  return (
    <div className={own.length > 0 ? 'field field--invalid' : 'field'}>
      <label htmlFor={`${baseId}-assign`} className="field__label">
        Assign calls to
      </label>
      <select id={`${baseId}-assign`} className="nodrag" value={assignTo} onChange={(event) => onChange(withAssignment(config, event.target.value as Assignment))}>
        {ASSIGNMENTS.map((mode) => (
          <option key={mode} value={mode}>
            {ASSIGNMENT_LABELS[mode]}
          </option>
        ))}
      </select>
      {target === 'teamId' && (
        <RemoteSelect ariaLabel="Team" value={stringOf(config.teamId)} invalid={own.some((p) => p.field === 'teamId')} load={loadTeams} noun="team" onChange={(teamId) => onChange(withId(config, 'teamId', teamId))} />
      )}
      {target === 'userId' && (
        <RemoteSelect ariaLabel="Person" value={stringOf(config.userId)} invalid={own.some((p) => p.field === 'userId')} load={loadPeople} noun="person" plural="people" onChange={(userId) => onChange(withId(config, 'userId', userId))} />
      )}
      {own.map((problem, index) => (
        <p key={index} className="field__error" role="alert">
          {problem.message}
        </p>
      ))}
    </div>
  );
}

function withId(config: Record<string, unknown>, field: string, id: string): Record<string, unknown> {
  const { [field]: _old, ...rest } = config;
  return id === '' ? rest : { ...rest, [field]: id };
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
