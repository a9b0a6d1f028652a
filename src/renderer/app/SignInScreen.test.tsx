import { fireEvent, render, screen } from '@testing-library/react';
import { Provider, createStore } from 'jotai';
import { describe, expect, it } from 'vitest';
import { installFakeApi } from '../../../tests/unit/fakeApi';
import { SignInScreen } from './SignInScreen';

function renderScreen() {
  installFakeApi({
    getHostNotices: () => ({ ok: false, error: { code: 'NOT_FOUND', message: 'Not here.' } }),
  });
  render(
    <Provider store={createStore()}>
      <SignInScreen />
    </Provider>,
  );
}

describe('SignInScreen', () => {
  it('puts the caret in the first field on opening and after each switch of form', () => {
    renderScreen();
    expect(document.activeElement).toBe(screen.getByLabelText('Username or email'));

    fireEvent.click(screen.getByRole('button', { name: 'New here? Create an account' }));
    expect(document.activeElement).toBe(screen.getByLabelText('Username'));

    fireEvent.click(screen.getByRole('button', { name: 'Have an account? Log in' }));
    expect(document.activeElement).toBe(screen.getByLabelText('Username or email'));
  });
});
