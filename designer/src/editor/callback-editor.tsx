import { CallbackConfigSchema } from '../../../flow/nodes/callback';
import type { ConfigEditorProps } from './config-editor';
import { OutcomeListEditor } from './outcome-list-editor';
import { AssignmentPicker } from './people-picker';
import { QuestionnaireEditor } from './questionnaire-editor';
import { SchemaForm } from './schema-form';
import { TextAreaField } from './text-area-field';

const EDITORS = { script: TextAreaField, questions: QuestionnaireEditor, outcomes: OutcomeListEditor };
const ASSIGNMENT_FIELDS = ['assignTo', 'teamId', 'userId'];

/**
 * The call-back's inspector: script, questionnaire and outcomes in editors of their own, who
 * gets the calls (with the team or person that needs), then the timing fields as generated.
 */
export function CallbackEditor({ config, problems, onChange }: ConfigEditorProps) {
  return (
    <div className="schema-form">
      <AssignmentPicker config={config} problems={problems} onChange={onChange} />
      <SchemaForm schema={CallbackConfigSchema} value={config} problems={problems} editors={EDITORS} omit={ASSIGNMENT_FIELDS} onChange={onChange} />
    </div>
  );
}
