import type { ComponentType } from 'react';
import type { SavedFlowProblem } from '../../../contracts/flow';

/** JSON Schema as TypeBox emits it, read loosely: the inspector only needs these keywords. */
export interface JsonSchema {
  type?: string;
  const?: unknown;
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  title?: string;
  description?: string;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
}

/** What every field editor of the inspector receives, generic or specialised. */
export interface FieldEditorProps {
  /** DOM id of the field's main input, for its <label>. */
  inputId: string;
  label: string;
  name: string;
  schema: JsonSchema;
  value: unknown;
  required: boolean;
  /** Problems of this field (or inside it) from the last validation. */
  problems: SavedFlowProblem[];
  onChange: (value: unknown) => void;
}

export type FieldEditor = ComponentType<FieldEditorProps>;

/** "ratePerSecond" → "Rate per second", "templateId" → "Template". */
export function humanize(name: string): string {
  const words = name.replace(/Id$/, '').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The literal choices of an enum written as anyOf of consts, or null if it is not one. */
export function literalChoices(schema: JsonSchema): unknown[] | null {
  if (!schema.anyOf || schema.anyOf.length === 0) return null;
  if (!schema.anyOf.every((member) => member.const !== undefined)) return null;
  return schema.anyOf.map((member) => member.const);
}
