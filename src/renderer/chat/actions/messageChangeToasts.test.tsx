import { render } from '@testing-library/react';
import { Provider } from 'jotai';
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { installFakeApi } from '../../../../tests/unit/fakeApi';
import { signedInStore } from '../../../../tests/doubles/chatTestData';
import { toastsAtom } from '../../state/atoms';
import { changeFailedText, useMessageChangeToasts } from './messageChangeToasts';

function Probe() {
  useMessageChangeToasts();
  return null;
}

describe('refused message changes', () => {
  it("are told as error toasts with the server's sentence", () => {
    const host = installFakeApi();
    const store = signedInStore();
    render(
      <Provider store={store}>
        <Probe />
      </Provider>,
    );
    act(() =>
      host.emit('messageChangeFailed', {
        conversationId: 'c1',
        messageId: 'm1',
        kind: 'edit',
        code: 'FORBIDDEN',
        message: 'Messages can only be edited within 24 hours.',
      }),
    );
    expect(store.get(toastsAtom).map(({ tone, text }) => ({ tone, text }))).toEqual([
      { tone: 'error', text: "Couldn't edit the message: Messages can only be edited within 24 hours." },
    ]);
  });

  it('name the kind of change', () => {
    const base = { conversationId: 'c1', messageId: 'm1', code: 'CONFLICT', message: 'Too many kinds.' };
    expect(changeFailedText({ ...base, kind: 'reaction' })).toBe("Couldn't change the reaction: Too many kinds.");
    expect(changeFailedText({ ...base, kind: 'delete', message: '' })).toBe("Couldn't delete the message.");
  });
});
