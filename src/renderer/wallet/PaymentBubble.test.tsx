import { render, screen } from '@testing-library/react';
import { Provider } from 'jotai';
import { describe, expect, it } from 'vitest';
import { message, signedInStore } from '../../../tests/doubles/chatTestData';
import { PaymentBubble } from './PaymentBubble';
import { textContent } from '../../../tests/unit/textContent';

const payment = (overrides: Parameters<typeof message>[1] = {}) =>
  message(1, {
    messageType: 'payment',
    senderId: 'alice',
    sender: { _id: 'alice', username: 'alice' },
    content: 'for the tickets',
    payment: {
      transactionId: 't1',
      amount: 5000,
      currency: 'USD',
      from: { _id: 'alice', username: 'alice' },
      to: { _id: 'bob', username: 'bob' },
      note: 'for the tickets',
    },
    ...overrides,
  });

/** The bubble as `reader` sees it (signed in as them). */
function renderAs(reader: string, shown = payment()) {
  return render(
    <Provider store={signedInStore(reader)}>
      <PaymentBubble message={shown} own={shown.senderId === reader} />
    </Provider>,
  );
}

describe('PaymentBubble', () => {
  it.each([
    ['alice', 'You paid bob $50.00'],
    ['bob', 'alice paid you $50.00'],
    ['carol', 'alice paid bob $50.00'],
  ])('tells %s the payment from their side, with the note', (reader, headline) => {
    renderAs(reader);
    expect(screen.getByText(textContent(headline))).toBeTruthy();
    expect(screen.getByText('for the tickets')).toBeTruthy();
  });

  it("shows the payment's note, not the server's default description", () => {
    const noNote = payment({ content: 'Sent 50.00 USD' });
    const { container } = renderAs('alice', { ...noNote, payment: { ...noNote.payment!, note: null } });
    expect(screen.getByText(textContent('You paid bob $50.00'))).toBeTruthy();
    expect(container.querySelector('.wallet-payment-note')).toBeNull();
  });

  it('shows the currency’s own decimals: 500 yen is ¥500, 1.250 dinars three decimals', () => {
    const yen = payment();
    renderAs('bob', { ...yen, payment: { ...yen.payment!, amount: 500, currency: 'JPY' } });
    expect(screen.getByText(textContent('alice paid you ¥500'))).toBeTruthy();
    renderAs('carol', { ...yen, payment: { ...yen.payment!, amount: 1250, currency: 'KWD' } });
    expect(screen.getByText(textContent(/^alice paid bob KWD\s1\.250$/))).toBeTruthy();
  });

  it('says only who posted a payment whose details are missing', () => {
    renderAs('carol', payment({ payment: undefined }));
    expect(screen.getByText(textContent('alice sent a payment'))).toBeTruthy();
  });
});
