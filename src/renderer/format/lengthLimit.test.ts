import { describe, expect, it } from 'vitest';
import { CONTENT_MAX_LENGTH, contentSchema } from '../../shared/protocol/chat';
import { NOTE_MAX_LENGTH, noteSchema } from '../../shared/protocol/wallet';
import { charactersLeftText, cutNotice, limitText, usedLength } from './lengthLimit';

describe('limitText', () => {
  it('keeps what fits, counted after trimming as the server counts', () => {
    expect(limitText('a'.repeat(CONTENT_MAX_LENGTH), CONTENT_MAX_LENGTH)).toEqual({
      text: 'a'.repeat(CONTENT_MAX_LENGTH),
      cut: false,
    });
    expect(limitText(`  ${'a'.repeat(NOTE_MAX_LENGTH)}\n`, NOTE_MAX_LENGTH).cut).toBe(false);
  });

  it('cuts a long paste to the limit, between whole graphemes, and the server accepts the rest', () => {
    const pasted = 'x'.repeat(4500);
    const kept = limitText(pasted, CONTENT_MAX_LENGTH);
    expect(kept).toEqual({ text: 'x'.repeat(CONTENT_MAX_LENGTH), cut: true });
    expect(contentSchema.safeParse(kept.text).success).toBe(true);
    // An emoji is one code point to the server: 4,000 fit, though they are 8,000 UTF-16 units.
    const emoji = limitText('😀'.repeat(4100), CONTENT_MAX_LENGTH);
    expect(emoji.text).toBe('😀'.repeat(4000));
    expect(contentSchema.safeParse(emoji.text).success).toBe(true);
    // A family is seven code points: 28 of them and "a" fill 197; the 29th is left out whole.
    const odd = limitText(`a${'👩‍👩‍👧‍👦'.repeat(30)}`, NOTE_MAX_LENGTH);
    expect(odd.text).toBe(`a${'👩‍👩‍👧‍👦'.repeat(28)}`);
    expect(noteSchema.safeParse(odd.text).success).toBe(true);
    expect(noteSchema.safeParse(`${odd.text}👩‍👩‍👧‍👦`).success).toBe(false);
  });

  it('counts as zod does: code points, not UTF-16 code units', () => {
    expect(usedLength(' 😀 ')).toBe(1);
    expect(contentSchema.safeParse('😀'.repeat(CONTENT_MAX_LENGTH)).success).toBe(true);
    expect(contentSchema.safeParse('😀'.repeat(CONTENT_MAX_LENGTH + 1)).success).toBe(false);
  });
});

describe('charactersLeftText', () => {
  it('says nothing far from the limit, and counts down from 90 % of it', () => {
    expect(charactersLeftText('a'.repeat(3599), CONTENT_MAX_LENGTH)).toBeNull();
    expect(charactersLeftText('a'.repeat(3600), CONTENT_MAX_LENGTH)).toBe('400 characters left');
    expect(charactersLeftText('a'.repeat(3880), CONTENT_MAX_LENGTH)).toBe('120 characters left');
    expect(charactersLeftText('a'.repeat(199), NOTE_MAX_LENGTH)).toBe('1 character left');
    expect(charactersLeftText('a'.repeat(200), NOTE_MAX_LENGTH)).toBe('No characters left');
  });
});

describe('cutNotice', () => {
  it('says what happened, with the limit as people read numbers', () => {
    expect(cutNotice(CONTENT_MAX_LENGTH, true)).toBe('Pasted text was cut to 4,000 characters');
    expect(cutNotice(NOTE_MAX_LENGTH, false)).toBe('Text was cut to the limit of 200 characters');
  });
});
