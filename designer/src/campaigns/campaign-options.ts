import type { Static } from '@sinclair/typebox';
import type { Json } from '../../../contracts/common';
import type { PriceListPageSchema } from '../../../contracts/price-list';
import { api, queryString, request, type FlowSummary } from '../api/client';
import { crm, type Product } from '../api/crm-client';
import { peopleApi, type User } from '../api/people-client';
import { segmentsApi, type Topic } from '../api/segments-client';

type PriceList = Json<Static<typeof PriceListPageSchema>>['items'][number];

/** What the campaign form's pickers offer: flows, products on sale, price lists, people who can own it, topics it may mail about. */
export interface CampaignOptions {
  flows: FlowSummary[];
  products: Product[];
  priceLists: PriceList[];
  owners: User[];
  topics: Topic[];
}

/** The pickers' choices, read once when the form opens (the first 500 of each is plenty for a picker). */
export async function loadCampaignOptions(): Promise<CampaignOptions> {
  const [flows, products, priceLists, users, topics] = await Promise.all([
    api.listFlows(),
    crm.listProducts({ active: true, limit: 500 }),
    request<Json<Static<typeof PriceListPageSchema>>>('GET', `/api/price-lists${queryString({ limit: 500 })}`),
    peopleApi.listUsers(),
    segmentsApi.listTopics(),
  ]);
  return { flows, products: products.items, priceLists: priceLists.items, owners: users.items.filter((user) => !user.disabled), topics: topics.items };
}
