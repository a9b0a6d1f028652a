/**
 * The top-level `message` of a `VALIDATION_FAILED`: the first reason, in words a person reads
 * ("Password must be at least 8 characters"). Clients that show only `message` (the mobile apps
 * show neither `details` nor field names) still tell the user what to fix; `details` keep the
 * machine-readable list. Used by the server's `parseInput` and the IPC boundary alike.
 */

/** One reason a field was refused, shaped like a zod issue: its path from the root, code and message. */
export type ValidationIssue = { path: readonly PropertyKey[]; message: string; code?: string };

/** zod's particulars of an issue's code: `expected`, `minimum`, `origin`, `keys`, `errors`, ... */
type Particulars = Record<string, unknown>;

/**
 * The sentence for the first of `issues`. `what` names the whole input ("registration",
 * "message payload") for issues about the input itself rather than one field.
 */
export function validationMessage(issues: readonly ValidationIssue[], what: string): string {
  const issue = issues[0];
  if (!issue) return `The ${what} is not valid`;
  const subject = fieldLabel(issue.path) ?? `The ${what}`;
  const reason = reasonOf(issue);
  // A reason written as a predicate ("must be ...") follows its field; a sentence of its own
  // ("give exactly one of ...") stands alone.
  if (PREDICATE.test(reason)) return `${subject} ${reason}`;
  if (/^[a-z]/.test(reason)) return capitalize(reason);
  return `${subject}: ${reason}`;
}

const PREDICATE = /^(must|is|are|may|has|have|cannot|should|needs?) /;

/** A field's name as a person reads it: `password` → "Password", `receiverId` → "Receiver ID". */
export function fieldLabel(path: readonly PropertyKey[]): string | null {
  // The innermost segment that names a field: indexes (`memberIds.0`) and record keys such as
  // ids (`cursors.<id>`) mean nothing to a person, and an envelope (`data.content` in a /ws
  // frame) names less than the field inside it.
  const name = path.findLast((segment): segment is string => typeof segment === 'string' && isFieldName(segment));
  if (name === undefined) return null;
  const words = name
    .replace(/^_+/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter(Boolean)
    .map((word) => (/^ids?$/i.test(word) ? word.toUpperCase().replace(/S$/, 's') : word.toLowerCase()));
  return words.length > 0 ? capitalize(words.join(' ')) : null;
}

/** Whether a path segment is a field's name rather than data used as a key (an id, free text). */
function isFieldName(segment: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(segment) && !/^[0-9a-f]{24}$/.test(segment);
}

/** The reason of one issue: the schema's own phrase where it wrote one, else zod's code in words. */
function reasonOf(plain: ValidationIssue): string {
  const issue = plain as ValidationIssue & Particulars;
  // Our schemas write reasons as lower-case phrases ("must be at least 8 characters"); zod's
  // defaults start with a capital ("Too small: expected string to have >=1 characters").
  if (/^[a-z]/.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      if (/received undefined$/.test(issue.message)) return 'is required';
      return `must be ${withArticle(typeName(String(issue.expected)))}`;
    case 'too_small':
      return sizeReason('at least', issue);
    case 'too_big':
      return sizeReason('at most', issue);
    case 'invalid_format':
      return `must be a valid ${String(issue.format ?? 'value')}`;
    case 'invalid_value':
      return `must be ${(issue.values as unknown[] | undefined)?.map((value) => JSON.stringify(value)).join(' or ') ?? 'one of the allowed values'}`;
    case 'unrecognized_keys': {
      const keys = (issue.keys as string[] | undefined) ?? [];
      return `has ${keys.length === 1 ? 'an unknown field' : 'unknown fields'} ${keys.map((key) => `"${key}"`).join(', ')}`;
    }
    case 'invalid_union': {
      // The closest alternative is the one with the fewest complaints: name its first.
      const branches = (issue.errors as ValidationIssue[][] | undefined) ?? [];
      const closest = [...branches].sort((a, b) => a.length - b.length)[0]?.[0];
      if (closest) return validationMessageOfBranch(closest);
      return 'is not valid';
    }
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    default:
      return issue.message;
  }
}

/** A union's alternative reports paths relative to the union; it reads the same as a top-level issue. */
function validationMessageOfBranch(issue: ValidationIssue): string {
  const reason = reasonOf(issue);
  const label = fieldLabel(issue.path);
  if (!label) return reason;
  return PREDICATE.test(reason) ? `${label.toLowerCase()} ${reason}` : reason;
}

function sizeReason(bound: 'at least' | 'at most', issue: Particulars): string {
  const limit = Number(bound === 'at least' ? issue.minimum : issue.maximum);
  if (issue.inclusive === false) return `must be ${bound === 'at least' ? 'more' : 'less'} than ${limit}`;
  switch (issue.origin) {
    case 'string':
      if (bound === 'at least' && limit === 1) return 'must not be empty';
      return `must be ${bound} ${limit} character${limit === 1 ? '' : 's'}`;
    case 'array':
    case 'set':
      return `must have ${bound} ${limit} item${limit === 1 ? '' : 's'}`;
    default:
      return `must be ${bound} ${limit}`;
  }
}

function typeName(expected: string): string {
  if (expected === 'int') return 'whole number';
  if (expected === 'array') return 'list';
  return expected;
}

function withArticle(noun: string): string {
  return `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
