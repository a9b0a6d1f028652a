import { FILE_NAME_MAX_LENGTH } from '../protocol/limits';

/** What a file name never keeps: C0 and C1 controls, DEL, and the characters Windows forbids. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f<>:"/\\|?*]/g;
/**
 * Invisible characters that change how a name reads without being seen: bidirectional marks,
 * embeddings, overrides and isolates (Unicode UAX #9; "photo\u202Egpj.exe" shows as
 * "photoexe.jpg"), zero-width spaces and joiners, and the byte-order mark.
 */
const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
/** Device names Windows reserves, with or without an extension ("CON", "nul.txt"). */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i;
/** The longest extension kept whole when a name is shortened, in characters with its dot. */
const EXTENSION_MAX_LENGTH = 16;

/**
 * A file name safe to show and to save on Windows, macOS and Linux: the last path segment only,
 * in Unicode NFC, without controls, invisible direction marks or characters Windows forbids
 * (each replaced by `_`, or dropped when invisible), without leading dots or trailing dots and
 * spaces, never a Windows device name, at most FILE_NAME_MAX_LENGTH characters (code points are
 * never split, and a short extension survives the cut). `fallback` when nothing is left.
 */
export function safeFileName(name: string, fallback = 'file'): string {
  const lastSegment = name.split(/[/\\]/).pop() ?? '';
  let safe = lastSegment
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(FORBIDDEN, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .replace(/[. ]+$/, '');
  if (WINDOWS_DEVICE.test(safe)) safe = `_${safe}`;
  safe = shortened(safe);
  return safe === '' ? fallback : safe;
}

/** At most FILE_NAME_MAX_LENGTH code units, cut between code points, keeping a short extension. */
function shortened(name: string): string {
  if (name.length <= FILE_NAME_MAX_LENGTH) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= EXTENSION_MAX_LENGTH ? name.slice(dot) : '';
  let stem = '';
  for (const codePoint of name.slice(0, name.length - extension.length)) {
    if (stem.length + codePoint.length + extension.length > FILE_NAME_MAX_LENGTH) break;
    stem += codePoint;
  }
  return stem.trimEnd() + extension;
}
