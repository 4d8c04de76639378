import { useId, useRef } from 'react';
import { AudienceConfigSchema } from '../../../flow/nodes/audience-config';
import type { SavedFlowProblem } from '../../../contracts/flow';
import { AUDIENCE_SOURCES, audienceSourceKind, previewSourceFor, switchAudienceSource, type AudienceSourceKind } from '../segments/audience-source';
import { ContactListPicker } from '../segments/contact-list-picker';
import { EmbeddedRuleTree } from '../segments/embedded-rule-tree';
import { contactsText, PreviewPanel } from '../segments/preview-panel';
import { SegmentPicker } from '../segments/segment-picker';
import { rulePathOf } from '../segments/segment-draft';
import { AudienceRulesEditor } from './audience-rules-editor';
import { SchemaForm } from './schema-form';

interface AudienceSourceEditorProps {
  config: Record<string, unknown>;
  problems: readonly SavedFlowProblem[];
  onChange: (config: Record<string, unknown>) => void;
}

const PENDING: Record<AudienceSourceKind, string> = {
  segment: 'Choose a segment to count its contacts.',
  list: 'Choose a contact list to count its contacts.',
  rules: 'Finish the conditions to count the contacts.',
  flat: 'Finish the rules to count the contacts.',
};

/**
 * The audience node's inspector: where the contacts come from (a saved segment, a rule tree, a
 * contact list, or the simple rules), and always how many there are right now — the
 * confirmation count to read before starting a run.
 */
export function AudienceSourceEditor({ config, problems, onChange }: AudienceSourceEditorProps) {
  const baseId = useId();
  const kind = audienceSourceKind(config);
  // Switching source and back restores what was there (a picked segment, a half-built tree).
  const remembered = useRef<Partial<Record<AudienceSourceKind, Record<string, unknown>>>>({});
  const choose = (next: AudienceSourceKind) => {
    if (next === kind) return;
    remembered.current[kind] = config;
    onChange(remembered.current[next] ?? (switchAudienceSource(config, next) as Record<string, unknown>));
  };
  const invalid = (field: string) => problems.some((problem) => problem.field === field);
  // The simple rules' form and the rule tree show their own problems in place; list the rest here.
  const unshown = problems.filter((problem) => kind !== 'flat' && !(kind === 'rules' && problem.field !== undefined && rulePathOf(problem.field) !== undefined));

  return (
    <div className="audience-source">
      <fieldset className="audience-source__choice">
        <legend className="field__label">Audience source</legend>
        {AUDIENCE_SOURCES.map((source) => (
          <label key={source.kind} className="audience-source__option">
            <input type="radio" className="nodrag" name={`${baseId}-source`} checked={kind === source.kind} onChange={() => choose(source.kind)} />
            {source.label}
          </label>
        ))}
      </fieldset>
      {/* Above the source's settings, so it stays in view however long a rule tree grows. */}
      <PreviewPanel
        label="Audience count"
        source={previewSourceFor(config)}
        pending={PENDING[kind]}
        describe={(count) => `This audience has ${contactsText(count)} now`}
        showSample={false}
      />

      {kind === 'segment' && (
        <SegmentPicker id={`${baseId}-segment`} value={stringOf(config.segmentId)} invalid={invalid('segmentId')} onChange={(segmentId) => onChange({ source: 'segment', segmentId })} />
      )}
      {kind === 'list' && (
        <ContactListPicker id={`${baseId}-list`} value={stringOf(config.listId)} invalid={invalid('listId')} onChange={(listId) => onChange({ source: 'list', listId })} />
      )}
      {kind === 'rules' && <EmbeddedRuleTree rule={config.rule} problems={problems} onChange={(rule) => onChange({ source: 'rules', rule })} />}
      {kind === 'flat' && <SchemaForm schema={AudienceConfigSchema} value={config} problems={problems} editors={{ rules: AudienceRulesEditor }} onChange={onChange} />}
      {unshown.length > 0 && (
        <ul className="audience-source__problems">
          {unshown.map((problem, index) => (
            <li key={index} className="field__error" role="alert">
              {problem.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
