import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseCommandInput } from './commandInput';

const schema = z.object({ content: z.string().min(1, 'must not be empty'), conversationId: z.string() });

describe('parseCommandInput', () => {
  it('refuses text that is not well-formed Unicode, naming the field', () => {
    const result = parseCommandInput('sendMessage', schema, { content: '\ud800x', conversationId: 'c1' });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION_FAILED',
        message: 'Content must be well-formed Unicode text (no unpaired surrogates)',
        details: [{ field: 'content', message: 'must be well-formed Unicode text (no unpaired surrogates)' }],
      },
    });
  });

  it('names the first reason in the message and keeps every field in details', () => {
    const result = parseCommandInput('sendMessage', schema, { content: '' });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', message: 'Content must not be empty' },
    });
    expect(!result.ok && result.error.details?.map((detail) => detail.field)).toEqual(['content', 'conversationId']);
  });

  it('passes well-formed input through', () => {
    expect(parseCommandInput('sendMessage', schema, { content: 'hi 💸', conversationId: 'c1' })).toEqual({
      ok: true,
      data: { content: 'hi 💸', conversationId: 'c1' },
    });
  });
});
