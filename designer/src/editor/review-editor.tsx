import { ReviewConfigSchema } from '../../../flow/nodes/review';
import type { ConfigEditorProps } from './config-editor';
import { ReviewersPicker } from './people-picker';
import { REVIEWER_FIELDS } from './reviewers';
import { SchemaForm } from './schema-form';
import { TextAreaField } from './text-area-field';

const EDITORS = { instructions: TextAreaField };

/** The review's inspector: who reviews (a role, a team or named people), then instructions and deadline as generated. */
export function ReviewEditor({ config, problems, onChange }: ConfigEditorProps) {
  return (
    <div className="schema-form">
      <ReviewersPicker config={config} problems={problems} onChange={onChange} />
      <SchemaForm schema={ReviewConfigSchema} value={config} problems={problems} editors={EDITORS} omit={REVIEWER_FIELDS} onChange={onChange} />
    </div>
  );
}
