import { memo } from 'react';
import { textParts } from './textLinks';
import './linkedText.css';

/**
 * User-written text (a message, a payment note) with its links made links: https, http and
 * mailto only, by the rule in `textParts`; anything else stays text. A link opens outside the
 * app: `target="_blank"` makes the desktop host's window-open handler hand it to the system
 * browser after the same check (src/main/windowSecurity.ts), and gives the web client a new tab;
 * `rel="noopener noreferrer"` keeps that tab from reaching back to this page or learning its
 * address. The text's direction and wrapping are the container's business.
 */
export const LinkedText = memo(function LinkedText({ text }: { text: string }) {
  return (
    <>
      {textParts(text).map((part, index) =>
        part.kind === 'link' ? (
          <a key={index} className="linked-text-link" href={part.href} target="_blank" rel="noopener noreferrer">
            {part.text}
          </a>
        ) : (
          part.text
        ),
      )}
    </>
  );
});
