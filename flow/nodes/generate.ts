import { Type, type Static } from '@sinclair/typebox';
import { UUID_PATTERN } from '../uuid';
import { defineNode } from './define';
import { MaxVisitsField } from './visit-cap';

export const GenerateConfigSchema = Type.Object(
  {
    templateId: Type.String({ pattern: UUID_PATTERN, description: 'Template to render for each contact' }),
    channel: Type.Literal('email'),
    maxVisits: MaxVisitsField,
  },
  { additionalProperties: false },
);
export type GenerateConfig = Static<typeof GenerateConfigSchema>;

/**
 * Why a member leaves by `skipped`, recorded with the step. (Members refused by consent leave by
 * `suppressed` instead, with send's reasons: flow/nodes/send.ts SUPPRESS_REASONS.)
 */
export const SKIP_REASONS = {
  noAddress: 'no e-mail address',
  emptySubject: 'the rendered subject is empty',
  emptyBody: 'the rendered body is empty',
} as const;

export const generateNode = defineNode({
  type: 'generate',
  label: 'Generate messages',
  description: 'Render one personal message per contact from a template, in their language; contacts who may not be mailed leave by suppressed',
  category: 'message',
  entry: false,
  configSchema: GenerateConfigSchema,
  defaultConfig: { templateId: '', channel: 'email' } as GenerateConfig,
  fieldHints: { templateId: 'Choose a template' },
  outputs: () => ['ready', 'skipped', 'suppressed'],
  execution: () => 'activity',
  maxVisits: 10,
  references: (config) => [{ kind: 'template', id: config.templateId, field: 'templateId' }],
  summary(config, context) {
    const id = config.templateId;
    if (!id) return 'No template chosen';
    return `Template: ${context.templateName(id) ?? id}`;
  },
});
