import type { z } from 'zod';
import { type ErrorDetail, detailsFromZodError } from './errors';
import { validationMessage } from './validationMessage';
import { ILL_FORMED_TEXT_REASON, firstIllFormedText } from './wellFormedText';

/** Why an input was refused: the first reason as a sentence, and every field with why. */
export type InputRefusal = { message: string; details: ErrorDetail[] };

/**
 * The one validation of an input at a trust boundary (the server's `parseInput`, the IPC
 * boundary's `parseCommandInput`): every string in it, object keys included, must be well-formed
 * Unicode (else a lone surrogate would be stored as U+FFFD, altered behind the sender's back),
 * then `schema` must accept it. A refusal's `message` names the first reason ("Password must be
 * at least 8 characters"); `what` names the whole input for reasons about it ("The registration
 * must be an object"); `details` list each field as `detailsFromZodError` does.
 */
export function checkInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
): { ok: true; data: z.output<S> } | ({ ok: false } & InputRefusal) {
  const illFormed = firstIllFormedText(input);
  if (illFormed) {
    const issue = { code: 'custom', path: illFormed, message: ILL_FORMED_TEXT_REASON };
    const field = illFormed.length > 0 ? illFormed.join('.') : '(root)';
    return {
      ok: false,
      message: validationMessage([issue], what),
      details: [{ field, message: ILL_FORMED_TEXT_REASON }],
    };
  }
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data };
  return {
    ok: false,
    message: validationMessage(parsed.error.issues, what),
    details: detailsFromZodError(parsed.error),
  };
}
