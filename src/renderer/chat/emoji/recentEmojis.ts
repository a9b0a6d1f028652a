import { atom } from 'jotai';
import { userAtom } from '../../state/userScope';

/** The quick reactions of a message's menu, and what the picker suggests before anything was picked. */
export const QUICK_REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🙏'] as const;

/** How many recently picked emoji the picker suggests. */
const RECENT_MAX = 16;

/**
 * The emoji the user picked lately, newest first: the picker's "Suggested" row. Kept here, per
 * user and for the session only, not in the picker's own `localStorage` record, which would
 * outlive the user on a shared device.
 */
export const recentEmojisAtom = userAtom<readonly string[]>([]);

/** Records a pick: it moves to the front of `recentEmojisAtom`. */
export const rememberEmojiAtom = atom(null, (get, set, emoji: string) => {
  set(recentEmojisAtom, [emoji, ...get(recentEmojisAtom).filter((other) => other !== emoji)].slice(0, RECENT_MAX));
});
