import type { Static } from '@sinclair/typebox';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { CampaignDetailSchema, RunSchema } from '../../contracts/campaign';
import type { Json } from '../../contracts/common';
import type { ContactWithCompanySchema } from '../../contracts/contact';
import type { OutboxMailSchema } from '../../contracts/outbox';
import type { CampaignDetail, OutboxMail } from '../../designer/src/api/client';
import type { Contact } from '../../designer/src/api/crm-client';

/**
 * The designer's wire types are `Json<Static<typeof XSchema>>`: what the server hands the
 * serialiser (pg's Date) as the browser receives it (the ISO string). The type checks run in
 * `npm run typecheck`; the round trip shows the string is what JSON actually carries.
 */
describe('Json<T>: a contract as the browser receives it', () => {
  type Run = Static<typeof RunSchema>;

  it('turns every Date into a string, in nested objects and arrays, and keeps the other fields as they are', () => {
    expectTypeOf<Run['startedAt']>().toEqualTypeOf<Date | string>();
    expectTypeOf<Json<Run>['startedAt']>().toEqualTypeOf<string>();
    expectTypeOf<Json<Run>['endedAt']>().toEqualTypeOf<string | null>();
    expectTypeOf<Json<Run>['status']>().toEqualTypeOf<'running' | 'paused' | 'completed' | 'cancelled' | 'failed'>();
    expectTypeOf<Json<Static<typeof CampaignDetailSchema>>['runs'][number]['startedAt']>().toEqualTypeOf<string>();
    expectTypeOf<Json<Static<typeof ContactWithCompanySchema>>['attributes']>().toEqualTypeOf<Record<string, unknown>>();
    // Optional fields stay optional: the outbox mail has no date field, so it is its schema unchanged.
    expectTypeOf<Json<Static<typeof OutboxMailSchema>>>().toEqualTypeOf<Static<typeof OutboxMailSchema>>();

    const row: Run = {
      id: '6f1c1b8e-3d2a-4c55-9a0e-1b2c3d4e5f60',
      campaignId: '0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70',
      flowId: '1a2b3c4d-5e6f-4a1b-9c2d-3e4f5a6b7c80',
      flowVersion: 2,
      workflowId: 'campaign-run-1',
      status: 'completed',
      startedAt: new Date('2026-03-02T08:00:00.000Z'),
      endedAt: null,
      error: null,
    };
    const received = JSON.parse(JSON.stringify(row)) as Json<Run>;
    expect(received.startedAt).toBe('2026-03-02T08:00:00.000Z');
    expect(received.endedAt).toBeNull();
  });

  it('is what the designer calls the API with', () => {
    expectTypeOf<OutboxMail>().toEqualTypeOf<Json<Static<typeof OutboxMailSchema>>>();
    expectTypeOf<CampaignDetail>().toEqualTypeOf<Json<Static<typeof CampaignDetailSchema>>>();
    expectTypeOf<Contact>().toEqualTypeOf<Json<Static<typeof ContactWithCompanySchema>>>();
    // The fields the designer once made optional "for older servers" are always sent.
    expectTypeOf<Contact['ownerName']>().toEqualTypeOf<string | null>();
  });
});
