import { describe, expect, it } from 'vitest';
import { FILE_NAME_MAX_LENGTH } from '../protocol/limits';
import { safeFileName } from './fileName';

describe('safeFileName', () => {
  it('keeps an ordinary name, Arabic and emoji included', () => {
    expect(safeFileName('holiday photo.jpg')).toBe('holiday photo.jpg');
    expect(safeFileName('تقرير 🎉.pdf')).toBe('تقرير 🎉.pdf');
  });

  it('keeps only the last path segment', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Users\\me\\notes.txt')).toBe('notes.txt');
  });

  it('drops the direction overrides that disguise an extension', () => {
    expect(safeFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(safeFileName('a\u200Bb\u2066c\u2069.txt')).toBe('abc.txt');
  });

  it('replaces controls and characters Windows forbids', () => {
    expect(safeFileName('a<b>c:d"e|f?g*h\u0000i\u0085.txt')).toBe('a_b_c_d_e_f_g_h_i_.txt');
    expect(safeFileName('line\nbreak.txt')).toBe('line_break.txt');
  });

  it('never leaves a hidden file, trailing dots or a Windows device name', () => {
    expect(safeFileName('.bashrc')).toBe('bashrc');
    expect(safeFileName('report.pdf. . ')).toBe('report.pdf');
    expect(safeFileName('CON')).toBe('_CON');
    expect(safeFileName('nul.txt')).toBe('_nul.txt');
    expect(safeFileName('console.txt')).toBe('console.txt');
  });

  it('falls back when nothing is left', () => {
    expect(safeFileName('')).toBe('file');
    expect(safeFileName('...')).toBe('file');
    expect(safeFileName('\u202E', 'photo')).toBe('photo');
  });

  it('shortens a long name without splitting an emoji, keeping its extension', () => {
    const long = `${'😀'.repeat(150)}.jpeg`;
    const safe = safeFileName(long);
    expect(safe.length).toBeLessThanOrEqual(FILE_NAME_MAX_LENGTH);
    expect(safe.endsWith('😀.jpeg')).toBe(true);
    expect(Buffer.from(safe, 'utf8').toString('utf8')).toBe(safe);
  });
});
