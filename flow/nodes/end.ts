import { Type, type Static } from '@sinclair/typebox';
import { defineNode } from './define';

export const EndConfigSchema = Type.Object(
  {
    finalStatus: Type.String({ minLength: 1, maxLength: 64, description: 'Status recorded on each contact reaching the end' }),
  },
  { additionalProperties: false },
);
export type EndConfig = Static<typeof EndConfigSchema>;

export const endNode = defineNode({
  type: 'end',
  label: 'End',
  description: "Close the contacts' journey with a final status",
  category: 'outcome',
  entry: false,
  configSchema: EndConfigSchema,
  defaultConfig: { finalStatus: 'completed' },
  fieldHints: { finalStatus: 'Write the status contacts get here (e.g. contacted)' },
  outputs: () => [],
  execution: () => 'activity',
  maxVisits: 1,
  references: () => [],
  summary: (config) => `Status: ${config.finalStatus || '—'}`,
});
