import { CONTACT_FIELDS, isContactField } from '../../../flow/audience-fields';
import type { AudienceRule } from '../../../flow/node-types';
import type { EditorNodeData } from './node-data';

/** Names the summary may show instead of raw ids (templates by id). */
export interface SummaryContext {
  templateName(id: string): string | undefined;
}

/**
 * One line saying what a node does with its current config, for the canvas. Defensive: a
 * node may hold an invalid config until it is fixed, and its summary must not crash.
 */
export function summarize(data: EditorNodeData, context: SummaryContext): string {
  switch (data.nodeType) {
    case 'audience': {
      // Node data types the flat rules only; the other sources are stored in the same config.
      const source = (data.config as Record<string, unknown>).source;
      if (source === 'segment') return 'Saved segment';
      if (source === 'list') return 'Contact list';
      if (source === 'rules') return 'Rule tree';
      const rules = Array.isArray(data.config.rules) ? data.config.rules : [];
      if (rules.length === 0) return 'Every contact';
      const joiner = data.config.match === 'any' ? ' or ' : ' and ';
      return rules.map(describeRule).join(joiner);
    }
    case 'generate': {
      const id = data.config.templateId;
      if (!id) return 'No template chosen';
      return `Template: ${context.templateName(id) ?? id}`;
    }
    case 'send': {
      const rate = data.config.ratePerSecond;
      return `${channelLabel(data.config.channel)} · ${rate > 0 ? `${rate}/s` : 'no rate limit'}`;
    }
    case 'wait': {
      const { amount, unit } = data.config;
      return `For ${amount} ${amount === 1 ? String(unit).replace(/s$/, '') : unit}`;
    }
    case 'end':
      return `Status: ${data.config.finalStatus || '—'}`;
    case 'other':
      return Object.entries(data.config)
        .filter(([, value]) => typeof value !== 'object')
        .map(([key, value]) => `${key}: ${String(value)}`)
        .join(', ');
  }
}

const OPERATOR_TEXT: Record<string, string> = {
  eq: '=',
  neq: '≠',
  lt: '<',
  lte: '≤',
  gt: '>',
  gte: '≥',
  contains: 'contains',
  in: 'in',
  exists: 'is set',
};

export function fieldLabel(field: string): string {
  return isContactField(field) ? CONTACT_FIELDS[field].label : field;
}

function describeRule(rule: AudienceRule): string {
  const operator = OPERATOR_TEXT[rule.operator] ?? rule.operator;
  if (rule.operator === 'exists') return `${fieldLabel(rule.field)} ${operator}`;
  const value = Array.isArray(rule.value) ? `[${rule.value.join(', ')}]` : JSON.stringify(rule.value ?? '');
  return `${fieldLabel(rule.field)} ${operator} ${value}`;
}

function channelLabel(channel: string): string {
  return channel === 'email' ? 'E-mail' : channel;
}
