import { describe, expect, it } from 'vitest';
import { conversation, user } from '../../../tests/doubles/chatTestData';
import { matchConversations } from './matchConversations';

const me = user('me');
const direct = (id: string, other: string) => conversation(id, { members: [me, user(other)] });
const group = (id: string, title: string, ...others: string[]) =>
  conversation(id, { type: 'group', title, members: [me, ...others.map((name) => user(name))] });

const names = (list: readonly { _id: string }[]) => list.map((c) => c._id);

describe('matchConversations', () => {
  const list = [
    group('g-team', 'Design team', 'carol', 'dave'),
    direct('d-bob', 'bob'),
    direct('d-tessa', 'Tessa'),
    group('g-trip', 'Road trip', 'bobby'),
  ];

  it('keeps every conversation, in order, for an empty query', () => {
    expect(names(matchConversations(list, '  ', 'me'))).toEqual(['g-team', 'd-bob', 'd-tessa', 'g-trip']);
  });

  it('ignores case and ranks name prefixes, then word prefixes, then the rest, then members', () => {
    expect(names(matchConversations(list, 'TE', 'me'))).toEqual(['d-tessa', 'g-team']);
    expect(names(matchConversations(list, 'bob', 'me'))).toEqual(['d-bob', 'g-trip']);
    expect(names(matchConversations(list, 'ip', 'me'))).toEqual(['g-trip']);
    expect(names(matchConversations(list, 'dave', 'me'))).toEqual(['g-team']);
  });

  it('does not match every chat by one’s own username', () => {
    expect(matchConversations(list, 'me', 'me')).toEqual([]);
  });
});
