import { type ChangeEvent, type ReactNode, useId, useRef, useState } from 'react';
import { charactersLeftText, cutNotice, limitText } from '../format/lengthLimit';
import './lengthLimit.css';

/** What a length-limited field needs: its change handler's filter, and what to show below it. */
export type LengthLimit = {
  /**
   * The value to keep for a change event of the field: cut to the limit when too long, and then
   * the field says so. Call it from `onChange`.
   */
  accept(event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>): string;
  /** Tell the limit a paste is coming (`onPaste`), for hosts whose input events do not say so. */
  onPaste(): void;
  /** The id of what is shown below (for `aria-describedby`), or undefined while nothing is. */
  describedBy: string | undefined;
  /** The count left near the limit and the notice after a cut, polite for screen readers. */
  status: ReactNode;
};

/**
 * A field limited to `max` characters as the server counts them (`format/lengthLimit.ts`). The
 * browser's `maxLength` would drop the rest of a long paste without a word, so the field has none:
 * this cuts instead (between whole graphemes) and says so ("Pasted text was cut to 4,000
 * characters"), and from 90 % of the limit on it shows what is left ("120 characters left").
 * `text` is the field's current value.
 */
export function useLengthLimit(text: string, max: number): LengthLimit {
  const id = useId();
  const [notice, setNotice] = useState<string | null>(null);
  const pasting = useRef(false);
  const left = charactersLeftText(text, max);
  // Far from the limit again (deleted, or sent): what was cut is old news.
  if (left === null && notice !== null) setNotice(null);
  const shown = notice !== null || left !== null;
  return {
    accept(event) {
      const inputType = (event.nativeEvent as Partial<InputEvent>).inputType ?? '';
      const pasted = pasting.current || inputType === 'insertFromPaste' || inputType === 'insertFromDrop';
      pasting.current = false;
      const kept = limitText(event.target.value, max);
      // Kept while the text stays near the limit, so the next keystroke does not hide it.
      if (kept.cut) setNotice(cutNotice(max, pasted));
      return kept.text;
    },
    onPaste() {
      pasting.current = true;
    },
    describedBy: shown ? id : undefined,
    status: (
      <p className="length-status" id={id} aria-live="polite">
        {notice && <span className="length-notice">{notice}. </span>}
        {left && <span className="length-left">{left}</span>}
      </p>
    ),
  };
}
