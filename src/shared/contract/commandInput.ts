import type { z } from 'zod';
import { checkInput } from '../protocol/checkInput';
import type { CommandError } from './ipcContract';

/**
 * A command's input checked against its schema, the one way every host does it (the engine for
 * any caller, Electron main at the IPC boundary), so a refusal reads the same wherever it is made.
 * See `checkInput`: well-formed text first, then the schema; the message names the first reason.
 */
export function parseCommandInput<S extends z.ZodType>(
  name: string,
  schema: S,
  input: unknown,
): { ok: true; data: z.output<S> } | { ok: false; error: CommandError } {
  // A command without arguments may be called with nothing at all.
  const checked = checkInput(schema, input ?? {}, `input of "${name}"`);
  if (checked.ok) return checked;
  return { ok: false, error: { code: 'VALIDATION_FAILED', message: checked.message, details: checked.details } };
}

/** What a caller is told when a command failed for a reason that is ours, not theirs. */
export const INTERNAL_ERROR: CommandError = { code: 'INTERNAL', message: 'Something went wrong. Please try again.' };
