import { useId, useRef } from 'react';
import { BRANCH_MODES, BranchConfigSchema, type BranchMode, type SplitVariant } from '../../../flow/nodes/branch';
import { ENGAGEMENT_TYPES } from '../../../flow/nodes/wait';
import { BRANCH_MODE_LABELS, modeField, switchBranchMode } from './branch-modes';
import { BranchRulesEditor, type RuleBranch } from './branch-rules-editor';
import type { ConfigEditorProps } from './config-editor';
import { asList } from './list-edits';
import { loadTopics } from './pickers';
import { RemoteSelect } from './remote-select';
import { SchemaForm } from './schema-form';
import { SplitEditor } from './split-editor';

const MODE_FIELDS = ['mode', 'branches', 'topic', 'events', 'variants'];

/**
 * The branch's inspector: how it splits (rules, topic, engagement, random), then that mode's
 * settings in an editor of its own; the problems the save found are listed under them.
 */
export function BranchEditor({ config, problems, onChange }: ConfigEditorProps) {
  const baseId = useId();
  const mode = (BRANCH_MODES as readonly string[]).includes(config.mode as string) ? (config.mode as BranchMode) : 'random';
  // Switching mode and back restores what was there (the variants, a half-built rule).
  const remembered = useRef<Record<string, unknown>>({});
  const choose = (next: BranchMode) => {
    if (next === mode) return;
    remembered.current[modeField(mode)] = config[modeField(mode)];
    onChange(switchBranchMode(config, next, remembered.current));
  };
  const set = (field: string, value: unknown) => onChange({ ...config, [field]: value });
  // Rule trees pin their own problems on their conditions; the rest are said here.
  const listed = problems.filter((problem) => problem.field !== 'maxVisits' && !/^branches\.\d+\.rule/.test(problem.field ?? ''));

  return (
    <div className="schema-form">
      <fieldset className="audience-source__choice">
        <legend className="field__label">Split contacts</legend>
        {BRANCH_MODES.map((option) => (
          <label key={option} className="audience-source__option">
            <input type="radio" className="nodrag" name={`${baseId}-mode`} checked={mode === option} onChange={() => choose(option)} />
            {BRANCH_MODE_LABELS[option]}
          </label>
        ))}
      </fieldset>
      {mode === 'rule' && <BranchRulesEditor branches={asList<RuleBranch>(config.branches)} problems={problems} onChange={(branches) => set('branches', branches)} />}
      {mode === 'topic' && (
        <div className="field">
          <label htmlFor={`${baseId}-topic`} className="field__label">
            Topic
          </label>
          <RemoteSelect id={`${baseId}-topic`} value={typeof config.topic === 'string' ? config.topic : ''} invalid={listed.length > 0} load={loadTopics} noun="topic" onChange={(topic) => set('topic', topic || undefined)} />
          <p className="field__hint">Subscribed contacts leave by “yes”, the others by “else”.</p>
        </div>
      )}
      {mode === 'engagement' && <EngagementChoice events={asList<string>(config.events)} onChange={(events) => set('events', events)} />}
      {mode === 'random' && <SplitEditor variants={asList<SplitVariant>(config.variants)} problems={problems} onChange={(variants) => set('variants', variants)} />}
      {listed.length > 0 && (
        <ul className="audience-source__problems">
          {listed.map((problem, index) => (
            <li key={index} className="field__error" role="alert">
              {problem.message}
            </li>
          ))}
        </ul>
      )}
      <SchemaForm schema={BranchConfigSchema} value={config} problems={problems} editors={{}} omit={MODE_FIELDS} onChange={onChange} />
    </div>
  );
}

function EngagementChoice({ events, onChange }: { events: string[]; onChange: (events: string[]) => void }) {
  return (
    <fieldset className="field">
      <legend className="field__label">Engaged means (with any earlier message of the run)</legend>
      <span className="choice-set">
        {ENGAGEMENT_TYPES.map((type) => (
          <label key={type}>
            <input
              type="checkbox"
              className="nodrag"
              checked={events.includes(type)}
              onChange={(event) => onChange(ENGAGEMENT_TYPES.filter((item) => (item === type ? event.target.checked : events.includes(item))))}
            />
            {type === 'open' ? 'opened' : type === 'click' ? 'clicked' : 'replied'}
          </label>
        ))}
      </span>
      <p className="field__hint">Engaged contacts leave by “yes”, the others by “else”.</p>
    </fieldset>
  );
}
