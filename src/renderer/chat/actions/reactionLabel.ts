import type { Reaction, User } from '../../../shared/protocol/entities';

/**
 * Who reacted, as a reaction chip's accessible name and tooltip say it: "👍 2: alice, bob". The
 * user is "You" (first); the others by their username among the conversation's `members`
 * ("someone" for one no longer there); past the userIds the server lists (at most 20) the rest are
 * "and N others".
 */
export function reactionLabel(reaction: Reaction, members: readonly User[], selfId: string | null): string {
  const names: string[] = [];
  if (selfId !== null && reaction.userIds.includes(selfId)) names.push('You');
  for (const id of reaction.userIds) {
    if (id === selfId) continue;
    names.push(members.find((member) => member._id === id)?.username ?? 'someone');
  }
  const rest = reaction.count - names.length;
  let who = names.join(', ');
  if (rest > 0)
    who =
      names.length > 0
        ? `${who} and ${rest} ${rest === 1 ? 'other' : 'others'}`
        : `${rest} ${rest === 1 ? 'person' : 'people'}`;
  return `${reaction.emoji} ${reaction.count}: ${who}`;
}

/** Whether `selfId` reacted with this kind (the chip is pressed). */
export function reactedBy(reaction: Reaction, selfId: string | null): boolean {
  return selfId !== null && reaction.userIds.includes(selfId);
}
