import { useId } from 'react';
import type { SavedFlowProblem } from '../../../contracts/flow';
import { roleAllows } from '../../../contracts/permissions';
import { ASSIGNMENTS } from '../../../flow/nodes/callback';
import { REVIEWER_KINDS, REVIEWER_ROLES } from '../../../flow/nodes/review';
import { peopleApi } from '../api/people-client';
import { ASSIGNMENT_LABELS, assignmentTarget, withAssignment, type Assignment } from './assignment';
import { loadPeople, loadTeams } from './pickers';
import { RemoteSelect } from './remote-select';
import { REVIEWER_FIELDS, REVIEWER_KIND_LABELS, toggleId, withReviewerKind, type ReviewerKind } from './reviewers';
import { useRemote } from './use-remote';

interface PeoplePickerProps {
  config: Record<string, unknown>;
  problems: readonly SavedFlowProblem[];
  onChange: (config: Record<string, unknown>) => void;
}

const FIELDS = ['assignTo', 'teamId', 'userId'];

/** Who gets each call: a team's agents in turn (pick the team), the owner, the store, or one person (pick them). */
export function AssignmentPicker({ config, problems, onChange }: PeoplePickerProps) {
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

/** The config with `field` set, or without it when emptied. */
function withId(config: Record<string, unknown>, field: string, value: unknown): Record<string, unknown> {
  const { [field]: _old, ...rest } = config;
  return value === '' || value === undefined ? rest : { ...rest, [field]: value };
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The people who can review at all (their role may work reviews), for the review's named reviewers. */
const loadReviewers = async () => (await peopleApi.listUsers()).items.filter((user) => !user.disabled && roleAllows(user.role, 'reviews:work'));

/**
 * Who may work a review: everyone of a role (designers or admins), the members of a team (pick
 * it), or named people (tick them). Admins always may; the editor says so.
 */
export function ReviewersPicker({ config, problems, onChange }: PeoplePickerProps) {
  const baseId = useId();
  const kind = (REVIEWER_KINDS as readonly string[]).includes(config.reviewers as string) ? (config.reviewers as ReviewerKind) : 'role';
  const people = useRemote(loadReviewers);
  const own = problems.filter((problem) => problem.field !== undefined && (REVIEWER_FIELDS as readonly string[]).includes(problem.field));
  const userIds = Array.isArray(config.userIds) ? (config.userIds as string[]) : [];
  const set = (field: string, value: unknown) => onChange(withId(config, field, value));
  return (
    <div className={own.length > 0 ? 'field field--invalid' : 'field'}>
      <label htmlFor={`${baseId}-kind`} className="field__label">
        Reviewers
      </label>
      <select id={`${baseId}-kind`} className="nodrag" value={kind} onChange={(event) => onChange(withReviewerKind(config, event.target.value as ReviewerKind))}>
        {REVIEWER_KINDS.map((option) => (
          <option key={option} value={option}>
            {REVIEWER_KIND_LABELS[option]}
          </option>
        ))}
      </select>
      {kind === 'role' && (
        <select aria-label="Reviewer role" className="nodrag" value={stringOf(config.reviewerRole) || 'designer'} onChange={(event) => set('reviewerRole', event.target.value)}>
          {REVIEWER_ROLES.map((role) => (
            <option key={role} value={role}>
              {role === 'designer' ? 'Designers' : 'Admins'}
            </option>
          ))}
        </select>
      )}
      {kind === 'team' && <RemoteSelect ariaLabel="Reviewing team" value={stringOf(config.teamId)} invalid={own.length > 0} load={loadTeams} noun="team" onChange={(teamId) => set('teamId', teamId)} />}
      {kind === 'users' && (
        <span role="group" aria-label="Reviewing people" className="choice-set">
          {people.data === null && !people.error && <span className="muted">Loading people…</span>}
          {people.error && <span className="field__error">Could not load the people: {people.error}</span>}
          {people.data?.map((user) => (
            <label key={user.id}>
              <input type="checkbox" className="nodrag" checked={userIds.includes(user.id)} onChange={(event) => set('userIds', toggleId(userIds, user.id, event.target.checked))} />
              {user.name}
            </label>
          ))}
        </span>
      )}
      <p className="field__hint">Admins may always work a review.</p>
      {own.map((problem, index) => (
        <p key={index} className="field__error" role="alert">
          {problem.message}
        </p>
      ))}
    </div>
  );
}
