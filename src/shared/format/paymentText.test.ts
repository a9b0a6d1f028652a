import { describe, expect, it } from 'vitest';
import { FSI, PDI, sentencePieces } from './bidi';
import { paymentSentence, receivedPaymentSentence } from './paymentText';

const alice = { _id: 'a', username: 'alice' };
const bob = { _id: 'b', username: 'bob' };
const payment = { amount: 5000, currency: 'USD', from: alice, to: bob };
/** The sentence as read, isolates removed. */
const read = (sentence: string) => sentence.replace(/[\u2068\u2069]/g, '');

describe('paymentSentence', () => {
  it('tells each member of a group the payment from their own side', () => {
    expect(read(paymentSentence(payment, 'a', 'en-US'))).toBe('You paid bob $50.00');
    expect(read(paymentSentence(payment, 'b', 'en-US'))).toBe('alice paid you $50.00');
    expect(read(paymentSentence(payment, 'carol', 'en-US'))).toBe('alice paid bob $50.00');
    expect(read(paymentSentence(payment, null, 'en-US'))).toBe('alice paid bob $50.00');
  });

  it('isolates each name, so that a name cannot reorder the sentence around it', () => {
    expect(paymentSentence(payment, 'carol', 'en-US')).toBe(`${FSI}alice${PDI} paid ${FSI}bob${PDI} $50.00`);
    expect(sentencePieces(paymentSentence(payment, 'a', 'en-US'))).toEqual([
      { text: 'You paid ', isolated: false },
      { text: 'bob', isolated: true },
      { text: ' $50.00', isolated: false },
    ]);
    expect(receivedPaymentSentence(payment, 'en-US')).toBe(`${FSI}alice${PDI} paid you $50.00`);
  });

  it('uses the currency’s own decimals', () => {
    expect(read(paymentSentence({ ...payment, amount: 500, currency: 'JPY' }, 'carol', 'en-US'))).toBe(
      'alice paid bob ¥500',
    );
    expect(read(paymentSentence({ ...payment, amount: 1250, currency: 'KWD' }, 'b', 'en-US'))).toMatch(
      /^alice paid you KWD\s1\.250$/,
    );
  });

  it('says a deposit came in, from nobody', () => {
    expect(paymentSentence({ ...payment, from: null }, 'b', 'en-US')).toBe('You received $50.00');
  });
});

describe('receivedPaymentSentence', () => {
  it('names the payer, or says "You received" for a deposit', () => {
    expect(read(receivedPaymentSentence(payment, 'en-US'))).toBe('alice paid you $50.00');
    expect(receivedPaymentSentence({ amount: 1000, currency: 'USD', from: null }, 'en-US')).toBe('You received $10.00');
  });
});
