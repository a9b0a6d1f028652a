import { firstGraphemes } from '../../shared/format/graphemes';

/** How many avatar colours there are (chat.css `.avatar-hue-0` … `.avatar-hue-7`). */
export const AVATAR_HUES = 8;

/**
 * The colour (0 … AVATAR_HUES - 1) of the avatar drawn for `id`: a hash of the id, so the same id
 * has the same colour on every device and in every place.
 */
export function avatarHue(id: string): number {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) >>> 0;
  return hash % AVATAR_HUES;
}

/**
 * The id a chat's avatar is drawn from: the one rule for every place that shows a chat (the
 * list, the chat header, the quick switcher). A direct chat (or a new one, not yet created) shows
 * the other person, so it is their user id, as in their messages and in people search, and a
 * person has one colour everywhere; a group shows the group, its conversation id.
 */
export function chatAvatarId(peer: { _id: string } | null | undefined, conversationId: string): string {
  return peer?._id ?? conversationId;
}

/** A round avatar with the person's initials, in a colour derived from their id (`avatarHue`). */
export function Avatar({
  id,
  name,
  online,
  stale = false,
  size = 'md',
}: {
  id: string;
  name: string;
  online?: boolean | undefined;
  /** The dot is what was last heard, not current (this window is not connected): drawn apart. */
  stale?: boolean;
  size?: 'sm' | 'md';
}) {
  // Whole user-perceived characters: `part[0]` would be half of an emoji's surrogate pair.
  const initials = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => firstGraphemes(part, 1).toLocaleUpperCase())
    .join('');
  return (
    <span className={`avatar avatar-${size} avatar-hue-${avatarHue(id)}`} aria-hidden="true">
      {initials || '?'}
      {online !== undefined && (
        <span className={`presence-dot ${online ? 'is-online' : ''} ${stale ? 'is-stale' : ''}`} />
      )}
    </span>
  );
}
