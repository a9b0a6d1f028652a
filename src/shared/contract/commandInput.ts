import type { z } from 'zod';
import { detailsFromZodError } from '../protocol/errors';
import type { CommandError } from './ipcContract';

/**
 * A command's input checked against its schema, the one way every host does it (the engine for
 * any caller, Electron main at the IPC boundary), so a refusal reads the same wherever it is made.
 */
export function parseCommandInput<S extends z.ZodType>(
  name: string,
  schema: S,
  input: unknown,
): { ok: true; data: z.output<S> } | { ok: false; error: CommandError } {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return { ok: true, data: parsed.data };
  return {
    ok: false,
    error: {
      code: 'VALIDATION_FAILED',
      message: `The input of "${name}" is not valid.`,
      details: detailsFromZodError(parsed.error),
    },
  };
}

/** What a caller is told when a command failed for a reason that is ours, not theirs. */
export const INTERNAL_ERROR: CommandError = { code: 'INTERNAL', message: 'Something went wrong. Please try again.' };
