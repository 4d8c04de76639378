/**
 * The send node's new settings as a designer meets them: a send window and a frequency cap in
 * the schema the inspector builds its form from, the outputs they add, the canvas summary, and
 * the problems a saved flow is refused with.
 */
import { describe, expect, it } from 'vitest';
import { FLOW_DOCUMENT_TYPE, FLOW_SCHEMA_VERSION, type FlowGraph } from '../../flow/graph';
import { sendNode, SendConfigSchema } from '../../flow/nodes/send';
import { nodeOutputs } from '../../flow/registry';
import { validateFlow } from '../../flow/validate';

const TEMPLATE = '3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b';
const window = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:30' };

/** audience → generate → send (with `extra` config) → end. */
function flowWithSend(extra: Record<string, unknown>): FlowGraph {
  return {
    type: FLOW_DOCUMENT_TYPE,
    version: FLOW_SCHEMA_VERSION,
    nodes: [
      { id: 'a', type: 'audience', config: { match: 'all', rules: [] }, position: { x: 0, y: 0 } },
      { id: 'g', type: 'generate', config: { templateId: TEMPLATE, channel: 'email' }, position: { x: 0, y: 0 } },
      { id: 's', type: 'send', config: { channel: 'email', ratePerSecond: 0, ...extra }, position: { x: 0, y: 0 } },
      { id: 'e', type: 'end', config: { finalStatus: 'done' }, position: { x: 0, y: 0 } },
    ],
    edges: [
      { id: 'e1', source: 'a', sourceHandle: 'out', target: 'g' },
      { id: 'e2', source: 'g', sourceHandle: 'ready', target: 's' },
      { id: 'e3', source: 's', sourceHandle: 'sent', target: 'e' },
    ],
  };
}
const problems = (extra: Record<string, unknown>) => validateFlow(flowWithSend(extra)).map((p) => ({ field: p.field, message: p.message }));

describe('send node: consent, window and cap settings', () => {
  it('always has a `suppressed` output; `capped` only when a cap is set', () => {
    expect(nodeOutputs({ type: 'send', config: { channel: 'email', ratePerSecond: 0 } })).toEqual(['sent', 'bounced', 'failed', 'suppressed']);
    expect(nodeOutputs({ type: 'send', config: { channel: 'email', ratePerSecond: 0, frequencyCap: { max: 3, days: 7 } } })).toEqual([
      'sent',
      'bounced',
      'failed',
      'suppressed',
      'capped',
    ]);
  });

  it('accepts a weekday window and a cap, and the summary says both', () => {
    expect(problems({ sendWindow: { ...window, defaultTimeZone: 'Europe/Bucharest' }, frequencyCap: { max: 2, days: 7 } })).toEqual([]);
    const summary = sendNode.summary({ channel: 'email', ratePerSecond: 10, sendWindow: window as never, frequencyCap: { max: 2, days: 7 } }, { templateName: () => undefined });
    expect(summary).toBe('E-mail · 10/s · mon, tue, wed, thu, fri 09:00–17:30 local · at most 2 per 7 days');
    expect(sendNode.summary({ channel: 'email', ratePerSecond: 0 }, { templateName: () => undefined })).toBe('E-mail · no rate limit');
  });

  it('accepts seconds in a window (HH:MM:SS) for windows that must open on the second', () => {
    expect(problems({ sendWindow: { days: ['sun'], from: '09:00:30', to: '09:00:45' } })).toEqual([]);
  });

  it('refuses a window that closes before it opens, in words, on the field', () => {
    expect(problems({ sendWindow: { ...window, from: '18:00', to: '09:00' } })).toEqual([
      { field: 'sendWindow.to', message: 'Send: the window must close after it opens (18:00 to 09:00)' },
    ]);
    expect(problems({ sendWindow: { ...window, from: '09:00', to: '09:00' } })).toHaveLength(1);
  });

  it('refuses a time that is not HH:MM, no days, an unknown zone and a cap below 1, naming the field', () => {
    expect(problems({ sendWindow: { ...window, from: '9am' } })).toEqual([{ field: 'sendWindow.from', message: 'Send: Enter the local time the window opens, as HH:MM' }]);
    expect(problems({ sendWindow: { ...window, to: '24:00' } })).toEqual([{ field: 'sendWindow.to', message: 'Send: Enter the local time the window closes, as HH:MM' }]);
    expect(problems({ sendWindow: { ...window, days: [] } })).toEqual([{ field: 'sendWindow.days', message: 'Send: Choose at least one weekday' }]);
    expect(problems({ sendWindow: { ...window, defaultTimeZone: 'Mars/Olympus' } })).toEqual([
      { field: 'sendWindow.defaultTimeZone', message: 'Send: "Mars/Olympus" is not a time zone (use a name like Europe/Rome)' },
    ]);
    expect(problems({ frequencyCap: { max: 0, days: 7 } })).toEqual([
      { field: 'frequencyCap.max', message: 'Send: Enter how many marketing mails a contact may receive in the period (1 or more)' },
    ]);
    expect(problems({ frequencyCap: { max: 1, days: 1.5 } })).toEqual([{ field: 'frequencyCap.days', message: 'Send: Enter the period in whole days (1 or more)' }]);
  });

  it('gives the inspector a title and a description for every new field', () => {
    const properties = SendConfigSchema.properties;
    for (const group of [properties.sendWindow, properties.frequencyCap]) {
      expect(group.title).toBeTruthy();
      expect(group.description).toBeTruthy();
      for (const field of Object.values(group.properties as Record<string, { title?: string; description?: string }>)) {
        expect(field.title).toBeTruthy();
        expect(field.description).toBeTruthy();
      }
    }
  });
});
