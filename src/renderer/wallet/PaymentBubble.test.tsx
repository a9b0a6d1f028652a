import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { message } from '../chat/testData';
import { PaymentBubble } from './PaymentBubble';

const payment = (overrides: Parameters<typeof message>[1] = {}) =>
  message(1, {
    messageType: 'payment',
    senderId: 'alice',
    sender: { _id: 'alice', username: 'alice' },
    content: 'for the tickets',
    payment: { transactionId: 't1', amount: 500, currency: 'USD' },
    ...overrides,
  });

describe('PaymentBubble', () => {
  it('says who sent how much, with the note', () => {
    render(<PaymentBubble message={payment()} own={false} />);
    expect(screen.getByText('alice sent you $5.00')).toBeTruthy();
    expect(screen.getByText('for the tickets')).toBeTruthy();
  });

  it('says "You sent" on one\'s own, without repeating the server\'s default description', () => {
    const { container } = render(<PaymentBubble message={payment({ content: 'Sent 5.00 USD' })} own />);
    expect(screen.getByText('You sent $5.00')).toBeTruthy();
    expect(container.querySelector('.wallet-payment-note')).toBeNull();
  });
});
