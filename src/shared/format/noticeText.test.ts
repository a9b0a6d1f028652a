import { describe, expect, it } from 'vitest';
import { messageNotice, paymentNotice, paymentNoticeLine } from './noticeText';

const iso = (text: string) => `\u2068${text}\u2069`;
const payment = { from: { _id: 'b', username: 'bob' }, amount: 1250, currency: 'USD', note: 'lunch' };

describe('notices under the privacy setting', () => {
  it('a payment toast says who, how much and the note only as far as the setting allows', () => {
    expect(paymentNoticeLine('name-and-message', payment, 'en-US')).toBe(
      `${iso('bob')} paid you $12.50 — “${iso('lunch')}”`,
    );
    expect(paymentNoticeLine('name-only', payment, 'en-US')).toBe(`${iso('bob')} sent you a payment`);
    expect(paymentNoticeLine('nothing', payment, 'en-US')).toBe('You received a payment');
    expect(paymentNoticeLine('name-only', { ...payment, from: null }, 'en-US')).toBe('You received a payment');
    expect(paymentNoticeLine('name-and-message', { ...payment, from: null, note: null }, 'en-US')).toBe(
      'You received $12.50',
    );
  });

  it('nothing of a payment but that it came, with "Nothing"', () => {
    const text = paymentNotice('nothing', payment, 'en-US');
    expect(text).toEqual({ title: 'Messenger', body: 'You received a payment', more: '' });
    expect(JSON.stringify(text)).not.toMatch(/bob|lunch|12/);
  });

  it('keeps "(+n more)" apart from the body, so shortening the body never cuts it', () => {
    const message = { senderName: 'bob', groupTitle: null, content: 'hi', messageType: 'text' as const, count: 3 };
    expect(messageNotice('name-and-message', message)).toEqual({
      title: iso('bob'),
      body: iso('hi'),
      more: ' (+2 more)',
    });
    expect(messageNotice('name-only', message)).toEqual({ title: iso('bob'), body: '3 new messages', more: '' });
    expect(messageNotice('nothing', message)).toEqual({ title: 'Messenger', body: '3 new messages', more: '' });
  });
});
