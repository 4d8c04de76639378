import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { createCompany, getCompany, listCompanies } from '../../db/companies';
import { conflict, notFound, problemResponses } from '../problem';
import { IdParamsSchema } from '../../contracts/common';
import { CompanyInputSchema, CompanyListQuerySchema, CompanyPageSchema, CompanySchema } from '../../contracts/company';
import { needs } from '../permissions';

/** Companies: create, read one, page through with search by name or code and a kind filter. */
export const companyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '',
    { config: needs('crm:write'), schema: { tags: ['companies'], summary: 'Create a company', body: CompanyInputSchema, response: { 201: CompanySchema, ...problemResponses(409, 422) } } },
    async (request, reply) => {
      const result = await createCompany(app.db, request.body);
      if ('duplicateCode' in result) {
        throw conflict('DUPLICATE_CODE', `A company with code ${request.body.code ?? ''} already exists`, [{ field: 'code', message: 'is already used by another company' }]);
      }
      return reply.code(201).send(result.company);
    },
  );

  app.get(
    '',
    { config: needs('crm:read'), schema: { tags: ['companies'], summary: 'Page through companies by name', querystring: CompanyListQuerySchema, response: { 200: CompanyPageSchema, ...problemResponses(400) } } },
    async (request) => {
      const { limit, offset, q, kind } = request.query;
      return listCompanies(app.db, { limit, offset, search: q, kind });
    },
  );

  app.get(
    '/:id',
    { config: needs('crm:read'), schema: { tags: ['companies'], summary: 'Read one company', params: IdParamsSchema, response: { 200: CompanySchema, ...problemResponses(404) } } },
    async (request) => {
      const company = await getCompany(app.db, request.params.id);
      if (!company) throw notFound('company', request.params.id);
      return company;
    },
  );
};
