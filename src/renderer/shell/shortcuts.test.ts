import { describe, expect, it } from 'vitest';
import { type KeyPress, adjacentConversation, isMacPlatform, shortcutFor } from './shortcuts';

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  code: '',
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  repeat: false,
  ...mods,
});

describe('shortcutFor', () => {
  it('maps Ctrl+K and Ctrl+, on Windows and Linux, ⌘K and ⌘, on a Mac', () => {
    expect(shortcutFor(press('k', { ctrlKey: true }), false)).toBe('quick-switcher');
    expect(shortcutFor(press(',', { ctrlKey: true }), false)).toBe('settings');
    expect(shortcutFor(press('k', { metaKey: true }), true)).toBe('quick-switcher');
    expect(shortcutFor(press(',', { metaKey: true }), true)).toBe('settings');
  });

  it('maps Ctrl+F and Ctrl+Shift+F (⌘F, ⌘⇧F on a Mac) to searching one conversation or all', () => {
    expect(shortcutFor(press('f', { ctrlKey: true }), false)).toBe('search-conversation');
    expect(shortcutFor(press('F', { ctrlKey: true, shiftKey: true }), false)).toBe('search-all');
    expect(shortcutFor(press('f', { metaKey: true }), true)).toBe('search-conversation');
    expect(shortcutFor(press('F', { metaKey: true, shiftKey: true }), true)).toBe('search-all');
    expect(shortcutFor(press('а', { code: 'KeyF', ctrlKey: true }), false)).toBe('search-conversation');
    expect(shortcutFor(press('f', { ctrlKey: true, altKey: true }), false)).toBeNull();
    expect(shortcutFor(press('f', { metaKey: true }), false)).toBeNull();
    expect(shortcutFor(press('f'), false)).toBeNull();
  });

  it('wants the platform’s own command key', () => {
    expect(shortcutFor(press('k', { metaKey: true }), false)).toBeNull();
    expect(shortcutFor(press('k', { ctrlKey: true }), true)).toBeNull();
    expect(shortcutFor(press('k'), false)).toBeNull();
  });

  it('leaves other modifier combinations alone (Ctrl+Alt is AltGr, which types text)', () => {
    expect(shortcutFor(press('k', { ctrlKey: true, altKey: true }), false)).toBeNull();
    expect(shortcutFor(press('K', { ctrlKey: true, shiftKey: true }), false)).toBeNull();
    expect(shortcutFor(press('ArrowUp', { altKey: true, shiftKey: true }), false)).toBeNull();
    expect(shortcutFor(press('Escape', { ctrlKey: true }), false)).toBeNull();
  });

  it('finds K by its place on a non-Latin layout, and by its character on a Latin one', () => {
    expect(shortcutFor(press('л', { code: 'KeyK', ctrlKey: true }), false)).toBe('quick-switcher');
    expect(shortcutFor(press('б', { code: 'Comma', ctrlKey: true }), false)).toBe('settings');
    // Dvorak: the key in K's US place types "t"; Ctrl+T is not the quick switcher.
    expect(shortcutFor(press('t', { code: 'KeyK', ctrlKey: true }), false)).toBeNull();
    expect(shortcutFor(press('k', { code: 'KeyV', ctrlKey: true }), false)).toBe('quick-switcher');
  });

  it('maps Esc and Alt+↑/↓', () => {
    expect(shortcutFor(press('Escape'), false)).toBe('close-dialog');
    expect(shortcutFor(press('ArrowUp', { altKey: true }), false)).toBe('previous-conversation');
    expect(shortcutFor(press('ArrowDown', { altKey: true }), true)).toBe('next-conversation');
    expect(shortcutFor(press('ArrowDown'), false)).toBeNull();
  });

  it('ignores a held key’s repeats', () => {
    expect(shortcutFor(press('k', { ctrlKey: true, repeat: true }), false)).toBeNull();
    expect(shortcutFor(press('ArrowDown', { altKey: true, repeat: true }), false)).toBeNull();
  });
});

describe('isMacPlatform', () => {
  it('reads the platform, or the user agent when the platform is empty', () => {
    expect(isMacPlatform({ platform: 'MacIntel', userAgent: '' })).toBe(true);
    expect(isMacPlatform({ platform: 'Win32', userAgent: 'Mozilla/5.0 (Windows NT 10.0)' })).toBe(false);
    expect(isMacPlatform({ platform: '', userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0)' })).toBe(true);
    expect(isMacPlatform({ platform: 'Linux x86_64', userAgent: '' })).toBe(false);
  });
});

describe('adjacentConversation', () => {
  const ids = ['a', 'b', 'c'];

  it('steps up and down from the open conversation', () => {
    expect(adjacentConversation(ids, 'b', 'next')).toBe('c');
    expect(adjacentConversation(ids, 'b', 'previous')).toBe('a');
  });

  it('starts at the first when none is open or the open one is not listed', () => {
    expect(adjacentConversation(ids, null, 'next')).toBe('a');
    expect(adjacentConversation(ids, null, 'previous')).toBe('a');
    expect(adjacentConversation(ids, 'gone', 'previous')).toBe('a');
  });

  it('stops at either end, and finds nothing in an empty list', () => {
    expect(adjacentConversation(ids, 'c', 'next')).toBeNull();
    expect(adjacentConversation(ids, 'a', 'previous')).toBeNull();
    expect(adjacentConversation([], null, 'next')).toBeNull();
  });
});
