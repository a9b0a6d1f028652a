import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ConversationRow } from './ConversationRow';
import { conversation, message, user } from '../../../tests/doubles/chatTestData';
import { textContent } from '../../../tests/unit/textContent';
import { fileMedia, photoMedia } from '../../../tests/doubles/attachmentTestData';
import type { Message } from '../../shared/protocol/entities';

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

describe('ConversationRow previews of photos and files', () => {
  const row = (lastMessage: Message, type: 'direct' | 'group' = 'direct', selfId = 'alice') =>
    render(
      <ConversationRow
        conversation={conversation('c1', {
          type,
          title: type === 'group' ? 'Trip' : null,
          members: [user('alice'), user('bob'), ...(type === 'group' ? [user('carol')] : [])],
          lastMessage,
          lastSeq: lastMessage.seq,
        })}
        selfId={selfId}
        active={false}
        onOpen={() => {}}
      />,
    );

  it.each([
    ['a photo without a caption', { messageType: 'image', content: 'p1.jpg', media: photoMedia('p1') }, 'Photo'],
    [
      'a photo with a caption',
      { messageType: 'image', content: 'Our  tent', media: photoMedia('p1') },
      'Photo: Our tent',
    ],
    ['a file, by its name', { messageType: 'file', content: 'report.pdf', media: fileMedia('f1') }, 'report.pdf'],
    [
      'a file with a caption, still by its name',
      { messageType: 'file', content: 'the numbers', media: fileMedia('f1') },
      'report.pdf',
    ],
    [
      'an older image message without media, as its text',
      { messageType: 'image', content: 'https://cdn.example.com/old.jpg' },
      'https://cdn.example.com/old.jpg',
    ],
  ] as const)('shows %s', (_, fields, preview) => {
    row(message(3, { ...fields, media: 'media' in fields ? fields.media : undefined } as Partial<Message>));
    expect(screen.getByText(textContent(preview))).toBeTruthy();
  });

  it('keeps the sender before it: "You: " for own, the name in a group', () => {
    row(message(3, { senderId: 'alice', messageType: 'image', content: 'p1.jpg', media: photoMedia('p1') }));
    expect(screen.getByText(textContent('You: Photo'))).toBeTruthy();
    row(
      message(4, { senderId: 'bob', messageType: 'file', content: 'report.pdf', media: fileMedia('f1') }),
      'group',
      'carol',
    );
    expect(screen.getByText(textContent('bob: report.pdf'))).toBeTruthy();
  });

  it('says a deleted last message was deleted, after who sent it', () => {
    row(message(3, { senderId: 'alice', content: '', deletedAt: '2026-03-01T10:05:00.000Z' }));
    expect(screen.getByText(textContent('You: This message was deleted'))).toBeTruthy();
  });
});
