import { describe, expect, it } from 'vitest';
import type { Media } from '../../../shared/protocol/entities';
import { DELETED_TEXT, quoteText } from './quoteText';

const media: Media = {
  _id: 'x',
  fileName: 'report.pdf',
  contentType: 'application/pdf',
  size: 10,
  width: null,
  height: null,
  url: '/api/media/x',
  thumbnailUrl: null,
};

describe('quoteText', () => {
  it('is the text on one line, cut between whole characters', () => {
    expect(quoteText({ content: 'Lunch\n at noon?', messageType: 'text', deletedAt: null })).toBe('Lunch at noon?');
    const long = '👩‍👩‍👧‍👦'.repeat(130);
    const cut = quoteText({ content: long, messageType: 'text', deletedAt: null });
    expect(cut.endsWith('…')).toBe(true);
    expect(cut.replace('…', '')).toBe('👩‍👩‍👧‍👦'.repeat(119));
  });

  it('says "Photo" (with its caption), a file by its name, and a deleted message as deleted', () => {
    expect(quoteText({ content: '', messageType: 'image', deletedAt: null })).toBe('Photo');
    expect(quoteText({ content: 'شاطئ', messageType: 'image', deletedAt: null }, { ...media, fileName: 'a.jpg' })).toBe(
      'Photo: شاطئ',
    );
    expect(quoteText({ content: 'report.pdf', messageType: 'file', deletedAt: null })).toBe('report.pdf');
    expect(quoteText({ content: 'see this', messageType: 'file', deletedAt: null }, media)).toBe('report.pdf');
    expect(quoteText({ content: '', messageType: 'text', deletedAt: '2026-03-01T10:00:00.000Z' })).toBe(DELETED_TEXT);
  });
});
