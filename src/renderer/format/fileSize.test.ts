import { describe, expect, it } from 'vitest';
import { MEDIA_MAX_BYTES_DEFAULT } from '../../shared/protocol/limits';
import { formatFileSize } from './fileSize';

describe('formatFileSize', () => {
  it('names the largest unit the size reaches, counted in steps of 1024, with one decimal at most', () => {
    expect(formatFileSize(0, 'en-US')).toBe('0 bytes');
    expect(formatFileSize(1, 'en-US')).toBe('1 byte');
    expect(formatFileSize(15, 'en-US')).toBe('15 bytes');
    expect(formatFileSize(1023, 'en-US')).toBe('1,023 bytes');
    expect(formatFileSize(1024, 'en-US')).toBe('1 kB');
    expect(formatFileSize(Math.round(1.2 * 1024 * 1024), 'en-US')).toBe('1.2 MB');
    expect(formatFileSize(MEDIA_MAX_BYTES_DEFAULT, 'en-US')).toBe('25 MB');
    expect(formatFileSize(3 * 1024 ** 4, 'en-US')).toBe('3,072 GB');
  });

  it("speaks the reader's locale", () => {
    expect(formatFileSize(Math.round(1.2 * 1024 * 1024), 'de-DE')).toBe('1,2 MB');
  });
});
