import { describe, expect, it } from 'vitest';
import { message, user } from '../../../tests/doubles/chatTestData';
import { type ReceiptSource, receiptOf } from './receipts';

const AT = '2026-03-01T10:00:05.000Z';
const direct: ReceiptSource = {
  type: 'direct',
  members: [user('alice'), user('bob')],
  memberReads: {},
  memberDeliveries: {},
};
const group = (memberReads: Record<string, number>, memberDeliveries: Record<string, number>): ReceiptSource => ({
  type: 'group',
  members: [user('alice'), user('bob'), user('carol')],
  memberReads,
  memberDeliveries,
});
const label = (seq: number, source: ReceiptSource, overrides = {}) =>
  receiptOf(message(seq, { senderId: 'alice', ...overrides }), source, 'alice').label;

describe('receiptOf', () => {
  it('reads a direct chat’s message: Sent, Delivered, Read', () => {
    expect(label(1, direct)).toBe('Sent');
    expect(label(1, direct, { deliveredAt: AT })).toBe('Delivered');
    expect(label(1, direct, { isRead: true, readAt: AT })).toBe('Read');
    expect(label(2, { ...direct, memberReads: { bob: 2 } })).toBe('Read');
  });

  it('never says Read in a group while one of two others has not read it', () => {
    expect(label(2, group({ bob: 2 }, { bob: 2 }))).toBe('Read by 1 of 2');
    expect(label(2, group({ bob: 2, carol: 2 }, {}))).toBe('Read by everyone');
    expect(label(3, group({ bob: 2, carol: 2 }, { bob: 3 }))).toBe('Delivered to 1 of 2');
    expect(label(3, group({}, { bob: 3, carol: 5 }))).toBe('Delivered');
    expect(label(3, group({}, {}))).toBe('Sent');
    // The message's own fields mean every other member (PROTOCOL.md, "Receipts").
    expect(label(3, group({}, {}), { isRead: true, readAt: AT })).toBe('Read by everyone');
  });

  it('gives equal receipts as one object, so memoized bubbles skip re-rendering', () => {
    const a = receiptOf(message(1, { senderId: 'alice' }), group({ bob: 1 }, {}), 'alice');
    const b = receiptOf(message(1, { senderId: 'alice' }), group({ carol: 1 }, {}), 'alice');
    expect(a).toBe(b);
  });
});
