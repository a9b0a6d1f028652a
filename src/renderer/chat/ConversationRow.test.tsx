import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ConversationRow } from './ConversationRow';
import { conversation, message, user } from '../../../tests/doubles/chatTestData';
import { textContent } from '../../../tests/unit/textContent';

const groupWithPayment = conversation('g1', {
  type: 'group',
  title: 'Trip',
  members: [user('alice'), user('bob'), user('carol')],
  lastMessage: message(4, {
    conversationId: 'g1',
    senderId: 'alice',
    messageType: 'payment',
    content: 'Sent 50.00 USD',
    payment: {
      transactionId: 't1',
      amount: 5000,
      currency: 'USD',
      from: { _id: 'alice', username: 'alice' },
      to: { _id: 'bob', username: 'bob' },
      note: null,
    },
  }),
  lastSeq: 4,
});

describe('ConversationRow', () => {
  it.each([
    ['alice', 'You paid bob $50.00'],
    ['bob', 'alice paid you $50.00'],
    ['carol', 'alice paid bob $50.00'],
  ])('previews a payment in a group as %s sees it', (selfId, preview) => {
    render(<ConversationRow conversation={groupWithPayment} selfId={selfId} active={false} onOpen={() => {}} />);
    expect(screen.getByText(textContent(preview))).toBeTruthy();
  });
});
