import type { FastifyInstance } from 'fastify';
import type { Health } from '../../../shared/protocol/health';
import { PROTOCOL_VERSION } from '../../../shared/protocol/health';
import { SERVER_VERSION } from '../../version';

export function registerHealthRoutes(http: FastifyInstance): void {
  http.get('/api/health', async (_request, reply) => {
    const health: Health = { status: 'ok', protocolVersion: PROTOCOL_VERSION, version: SERVER_VERSION };
    return reply.send(health);
  });
}
