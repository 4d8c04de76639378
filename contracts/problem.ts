import { Type, type Static } from '@sinclair/typebox';

/**
 * RFC 9457 problem details: every error the API returns has this shape, served as
 * `application/problem+json`. `code` is the stable machine-readable reason (clients branch on it,
 * not on `title`); `errors` pins each problem to a request field or a flow node.
 */
export const ProblemItemSchema = Type.Object({
  field: Type.Optional(Type.String({ description: 'Request field, e.g. `email` or `contacts[3].email`' })),
  nodeId: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'Flow node the problem is pinned to' })),
  edgeId: Type.Optional(Type.String()),
  code: Type.Optional(Type.String()),
  line: Type.Optional(Type.Integer({ description: 'Line in a template where parsing failed' })),
  message: Type.String(),
});
export type ProblemItem = Static<typeof ProblemItemSchema>;

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'URI reference naming the kind of problem' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    code: Type.String(),
    errors: Type.Optional(Type.Array(ProblemItemSchema)),
  },
  { description: 'RFC 9457 problem details' },
);
export type Problem = Static<typeof ProblemSchema>;
