/**
 * Text on the wire must be well-formed Unicode: a JSON string may carry a lone surrogate
 * (`"\ud800x"`), which no UTF-8 store can keep and would silently become U+FFFD. Every input is
 * checked once, where it is parsed (the server's `parseInput`, the IPC boundary's
 * `parseCommandInput`), so a bad string is refused rather than stored altered.
 */

/** A UTF-16 code unit of a surrogate that is not part of a pair (in `u` mode a pair is one code point). */
const LONE_SURROGATE = /\p{Cs}/u;
const LONE_SURROGATES = /\p{Cs}/gu;

/** Whether `text` is well-formed UTF-16, i.e. has no unpaired surrogate (ECMA-262 `IsStringWellFormedUnicode`). */
export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/** Where in a value the first ill-formed string sits: object keys and array indexes from the root. */
export type TextPath = (string | number)[];

/**
 * The path of the first string that is not well-formed Unicode in a parsed JSON value (strings,
 * object keys, nested arrays and plain objects), or `null` when there is none. A bad object key is
 * reported as its own path, with the key made well-formed (U+FFFD) so the path can be shown.
 * Walks without recursion, so no nesting depth can overflow the stack; other values (numbers,
 * binary attachments, class instances) are not looked into.
 */
export function firstIllFormedText(value: unknown): TextPath | null {
  // Depth first, in document order: the stack holds what is left to look at, last item on top.
  // Each item links to its parent instead of carrying a copied path, so deep nesting stays linear.
  const pending: Visit[] = [{ value, segment: null, parent: null }];
  while (pending.length > 0) {
    const visit = pending.pop()!;
    const current = visit.value;
    if (typeof visit.segment === 'string' && !isWellFormedText(visit.segment)) return pathOf(visit);
    if (typeof current === 'string') {
      if (!isWellFormedText(current)) return pathOf(visit);
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--) {
        pending.push({ value: current[index], segment: index, parent: visit });
      }
    } else if (isPlainObject(current)) {
      const keys = Object.keys(current);
      for (let index = keys.length - 1; index >= 0; index--) {
        pending.push({ value: current[keys[index]!], segment: keys[index]!, parent: visit });
      }
    }
  }
  return null;
}

/** The reason given for an ill-formed string, as a predicate of the field (see `validationMessage`). */
export const ILL_FORMED_TEXT_REASON = 'must be well-formed Unicode text (no unpaired surrogates)';

type Visit = { value: unknown; segment: string | number | null; parent: Visit | null };

/** The path from the root to `visit`, with any ill-formed key made well-formed (U+FFFD) for display. */
function pathOf(visit: Visit): TextPath {
  const reversed: TextPath = [];
  for (let at: Visit | null = visit; at && at.segment !== null; at = at.parent) {
    reversed.push(typeof at.segment === 'string' ? at.segment.replace(LONE_SURROGATES, '\ufffd') : at.segment);
  }
  return reversed.reverse();
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
