import { describe, expect, it } from 'vitest';
import { message } from '../../../tests/doubles/chatTestData';
import { REPLY_PREVIEW_MAX_LENGTH } from './limits';
import { cutReplyPreview, replyPreviewOf, withQuoteOf } from './replyPreview';

describe('cutReplyPreview', () => {
  it('keeps a short text whole and cuts a long one between graphemes, marking the cut', () => {
    expect(cutReplyPreview('hello')).toBe('hello');
    // 👩‍💻 is 5 UTF-16 units: the cut never lands inside it.
    const long = 'a'.repeat(REPLY_PREVIEW_MAX_LENGTH - 3) + '👩‍💻' + 'b'.repeat(10);
    const cut = cutReplyPreview(long);
    expect(cut).toBe(`${'a'.repeat(REPLY_PREVIEW_MAX_LENGTH - 3)}…`);
    expect(cut.length).toBeLessThanOrEqual(REPLY_PREVIEW_MAX_LENGTH);
  });
});

describe('withQuoteOf', () => {
  const original = message(1);
  const reply = { ...message(2), replyTo: replyPreviewOf(original) };

  it('answers the reply itself when its quote already says what the original says, or quotes another', () => {
    expect(withQuoteOf(reply, original)).toBe(reply);
    expect(withQuoteOf(reply, { ...message(3), content: 'other' })).toBe(reply);
    expect(withQuoteOf(message(4), original)).toEqual(message(4));
  });

  it('takes the original’s edit and deletion into the quote', () => {
    expect(withQuoteOf(reply, { ...original, content: 'fixed' }).replyTo?.content).toBe('fixed');
    const deleted = withQuoteOf(reply, { ...original, content: '', deletedAt: original.createdAt });
    expect(deleted.replyTo).toMatchObject({ content: '', deletedAt: original.createdAt });
  });
});
