import { describe, expect, it } from 'vitest';
import { MEDIA_MAX_BYTES_DEFAULT } from '../../shared/protocol/limits';
import { formatFileSize } from './fileSize';

describe('formatFileSize', () => {
  it('names the largest unit the size reaches, counted in steps of 1024, with one decimal at most', () => {
    const format = (value: number, unit: string, digits: number) =>
      new Intl.NumberFormat(undefined, {
        style: 'unit',
        unit,
        unitDisplay: 'short',
        maximumFractionDigits: digits,
      }).format(value);
    expect(formatFileSize(0)).toBe(format(0, 'byte', 0));
    expect(formatFileSize(1023)).toBe(format(1023, 'byte', 0));
    expect(formatFileSize(1024)).toBe(format(1, 'kilobyte', 1));
    expect(formatFileSize(Math.round(1.2 * 1024 * 1024))).toBe(format(1.2, 'megabyte', 1));
    expect(formatFileSize(MEDIA_MAX_BYTES_DEFAULT)).toBe(format(25, 'megabyte', 1));
    expect(formatFileSize(3 * 1024 ** 4)).toBe(format(3072, 'gigabyte', 1));
  });
});
