/** A round avatar with the person's initials, in a colour derived from their id (stable across devices). */
export function Avatar({
  id,
  name,
  online,
  size = 'md',
}: {
  id: string;
  name: string;
  online?: boolean | undefined;
  size?: 'sm' | 'md';
}) {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) >>> 0;
  const initials = name
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
  return (
    <span className={`avatar avatar-${size} avatar-hue-${hash % 8}`} aria-hidden="true">
      {initials || '?'}
      {online !== undefined && <span className={`presence-dot ${online ? 'is-online' : ''}`} />}
    </span>
  );
}
