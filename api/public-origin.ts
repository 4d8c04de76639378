import type { FastifyRequest } from 'fastify';

/** The origin links handed to people use: PUBLIC_URL when set, else the one this request came to. */
export function publicOrigin(request: FastifyRequest, publicUrl: string | undefined): string {
  return publicUrl ? new URL(publicUrl).origin : `${request.protocol}://${request.host}`;
}
