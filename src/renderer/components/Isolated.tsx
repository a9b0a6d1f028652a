import { Fragment } from 'react';
import { sentencePieces } from '../../shared/format/bidi';

/**
 * A sentence built with `isolate` ("alice paid you $5.00", "bob is typing…"): our words as text,
 * each person's piece in a `<bdi dir="auto">` that takes its direction from its own letters and
 * cannot reorder the sentence (HTML's bidi isolation, the element form of FSI…PDI). The isolate
 * characters themselves are not put in the page.
 */
export function Isolated({ text }: { text: string }) {
  return (
    <>
      {sentencePieces(text).map((piece, index) =>
        piece.isolated ? (
          <bdi key={index} dir="auto">
            {piece.text}
          </bdi>
        ) : (
          <Fragment key={index}>{piece.text}</Fragment>
        ),
      )}
    </>
  );
}
