/**
 * Text written by people takes its direction from its own content, and a piece of it inside one
 * of our sentences ("alice paid you $5.00", "bob is typing…") is isolated so that it cannot
 * reorder the words around it (Unicode Bidirectional Algorithm, UAX #9, section 2.7: FIRST STRONG
 * ISOLATE … POP DIRECTIONAL ISOLATE). Plain strings (OS notifications, toasts, titles) carry the
 * isolates as characters; the renderer turns each isolated piece into a `<bdi>` element instead
 * (`renderer/components/Isolated.tsx`), so the DOM holds no invisible characters.
 */

/** U+2068 FIRST STRONG ISOLATE: what follows takes the direction of its first strong letter. */
export const FSI = '\u2068';
/** U+2069 POP DIRECTIONAL ISOLATE: ends the isolate. */
export const PDI = '\u2069';

/**
 * Embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069). Inside a piece we
 * isolate they could end the isolate early or reverse the text around it, so they are dropped.
 */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/** `text` without bidirectional embedding, override and isolate controls. */
export function withoutBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/**
 * `text` (a name, a title, a note: anything a person wrote) isolated for a sentence: FSI, the
 * text without bidi controls of its own, PDI. The result reads correctly in any direction and
 * leaves the sentence around it in order.
 */
export function isolate(text: string): string {
  return `${FSI}${withoutBidiControls(text)}${PDI}`;
}

/** A piece of a sentence: our own words (`isolated: false`) or a person's text that was isolated. */
export type SentencePiece = { text: string; isolated: boolean };

/**
 * The pieces of a sentence built with `isolate`, in order, without the FSI/PDI marks: what the
 * renderer draws as text and `<bdi>` elements. A sentence without isolates is one plain piece;
 * an FSI without its PDI isolates to the end (as UAX #9 does).
 */
export function sentencePieces(sentence: string): SentencePiece[] {
  const pieces: SentencePiece[] = [];
  let rest = sentence;
  while (rest !== '') {
    const start = rest.indexOf(FSI);
    if (start === -1) {
      pieces.push({ text: rest, isolated: false });
      break;
    }
    if (start > 0) pieces.push({ text: rest.slice(0, start), isolated: false });
    const end = rest.indexOf(PDI, start + 1);
    const inner = end === -1 ? rest.slice(start + 1) : rest.slice(start + 1, end);
    pieces.push({ text: inner, isolated: true });
    rest = end === -1 ? '' : rest.slice(end + 1);
  }
  return pieces;
}
