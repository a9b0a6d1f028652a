import { z } from 'zod';

export const PROTOCOL_VERSION = 1;

/** `GET /api/health`: answered without authentication once the server accepts work. */
export const healthSchema = z.object({
  status: z.literal('ok'),
  protocolVersion: z.literal(PROTOCOL_VERSION),
  version: z.string(),
});
export type Health = z.infer<typeof healthSchema>;
