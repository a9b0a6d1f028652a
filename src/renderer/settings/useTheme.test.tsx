import { act, renderHook } from '@testing-library/react';
import { Provider, createStore } from 'jotai';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { type Theme, defaultSettings } from '../../shared/contract/settings';
import { settingsAtom } from '../state/atoms';
import { useTheme } from './useTheme';

const view = (theme: Theme) => ({ settings: { ...defaultSettings, theme }, supported: [] });

function renderTheme(store = createStore()) {
  const wrapper = ({ children }: { children: ReactNode }) => <Provider store={store}>{children}</Provider>;
  return { store, ...renderHook(() => useTheme(), { wrapper }) };
}

afterEach(() => {
  delete document.documentElement.dataset.theme;
  localStorage.clear();
});

describe('useTheme', () => {
  it('puts the chosen theme on <html>, and leaves "system" to the OS', () => {
    const { store } = renderTheme();
    act(() => store.set(settingsAtom, view('dark')));
    expect(document.documentElement.dataset.theme).toBe('dark');
    act(() => store.set(settingsAtom, view('light')));
    expect(document.documentElement.dataset.theme).toBe('light');
    act(() => store.set(settingsAtom, view('system')));
    expect(document.documentElement.hasAttribute('data-theme')).toBe(false);
  });

  it('starts in the last theme until the settings are read', () => {
    const first = renderTheme();
    act(() => first.store.set(settingsAtom, view('dark')));
    first.unmount();
    delete document.documentElement.dataset.theme;

    const { store } = renderTheme();
    expect(document.documentElement.dataset.theme).toBe('dark');
    act(() => store.set(settingsAtom, view('light')));
    expect(document.documentElement.dataset.theme).toBe('light');
  });
});
