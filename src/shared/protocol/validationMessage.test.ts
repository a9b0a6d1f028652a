import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loginBodySchema, registerBodySchema } from './auth';
import { createGroupBodySchema, sendMessageBodySchema, syncRequestSchema } from './chat';
import { fieldLabel, validationMessage } from './validationMessage';
import { transferBodySchema } from './wallet';

function messageFor(schema: z.ZodType, input: unknown, what = 'request'): string {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected a refusal');
  return validationMessage(result.error.issues, what);
}

describe('validationMessage', () => {
  it.each([
    [
      'a short password',
      registerBodySchema,
      { username: 'abcd', email: 'a@b.co', password: 'short1' },
      'Password must be at least 8 characters',
    ],
    ['a missing field', registerBodySchema, { email: 'a@b.co', password: 'long enough' }, 'Username is required'],
    [
      'an unknown field',
      registerBodySchema,
      { username: 'abcd', email: 'a@b.co', password: 'long enough', admin: true },
      'The request has an unknown field "admin"',
    ],
    ['a login without password (a union)', loginBodySchema, { username: 'alice' }, 'Password is required'],
    ['an empty message', sendMessageBodySchema, { receiverId: 'b', content: '  ' }, 'Content must not be empty'],
    [
      'a refinement of its own',
      sendMessageBodySchema,
      { content: 'hi' },
      'Give exactly one of conversationId and receiverId',
    ],
    ['a literal', createGroupBodySchema, { type: 'team', title: 't', memberIds: ['b'] }, 'Type must be "group"'],
    [
      'an item of a list',
      createGroupBodySchema,
      { type: 'group', title: 't', memberIds: [3] },
      'Member IDs must be a string',
    ],
    ['a schema phrase', transferBodySchema, { toUserId: 'b', amount: 0 }, 'Amount must be at least 1'],
    ['a record value', syncRequestSchema, { cursors: { '65a1b2c3d4e5f60718293a4b': 'x' } }, 'Cursors must be a number'],
    ['the input itself', registerBodySchema, null, 'The request must be an object'],
    [
      'a bound that excludes itself',
      z.object({ count: z.number().positive() }),
      { count: 0 },
      'Count must be more than 0',
    ],
  ])('names %s', (_case, schema, input, expected) => expect(messageFor(schema, input)).toBe(expected));
});

describe('fieldLabel', () => {
  it.each([
    [['password'], 'Password'],
    [['receiverId'], 'Receiver ID'],
    [['memberIds', 0], 'Member IDs'],
    [['_id'], 'ID'],
    [['data', 'content'], 'Content'],
    [['cursors', '65a1b2c3d4e5f60718293a4b'], 'Cursors'],
    [[], null],
  ])('%j reads "%s"', (path, label) => expect(fieldLabel(path)).toBe(label));
});
