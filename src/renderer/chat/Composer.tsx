import { useAtomValue } from 'jotai';
import { type ClipboardEvent, type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { type DraftTarget, draftKeyOf } from '../../shared/contract/clientState';
import { CONTENT_MAX_LENGTH } from '../../shared/protocol/chat';
import { api } from '../api';
import { useLengthLimit } from '../components/useLengthLimit';
import { connectionStatusAtom } from '../state/atoms';
import { useDraft } from '../state/useDraft';
import { focusUnlessInDialog } from '../components/tabbable';
import { AttachButton } from './attachments/AttachButton';
import { COMPOSER_FIELD_ID } from './composerFocus';
import { clipboardFiles } from './attachments/clipboardFiles';

/** How often "still typing" goes to the host at most (the engine spaces what it sends further). */
const TYPING_EVERY_MS = 1000;

/**
 * Writes a message: Enter sends, Shift+Enter starts a new line. Typing is signalled for
 * existing conversations. Sending works offline (the outbox keeps it); only a signed-out app
 * cannot send, and says so. What is typed is the chat's draft, kept by the engine (per user,
 * across reloads, wiped at logout): the composer shows it when the chat opens. The text is held
 * to the protocol's `CONTENT_MAX_LENGTH`, counted as the server counts; near it the composer says
 * how much is left, and a paste that was cut says so (`useLengthLimit`). Photos and files come
 * from "Attach" or a pasted image and go to `onFiles` (each to be previewed and sent on its own).
 */
export function Composer({
  conversationId,
  receiverId,
  onFiles,
}: {
  conversationId: string | null;
  receiverId: string | null;
  /** Files picked or pasted here; without it the composer attaches nothing. */
  onFiles?: (files: File[]) => void;
}) {
  const target: DraftTarget | null = conversationId ? { conversationId } : receiverId ? { receiverId } : null;
  const draftKey = target ? draftKeyOf(target) : null;
  const saved = useDraft(draftKey);
  const [text, setText] = useState(saved);
  const [error, setError] = useState<string | null>(null);
  const status = useAtomValue(connectionStatusAtom);
  const signedOut = status.state === 'signed-out';
  const field = useRef<HTMLTextAreaElement>(null);
  const limit = useLengthLimit(text, CONTENT_MAX_LENGTH);
  const lastTyping = useRef(0);
  /** The chat shown, and whether the user typed in it since it opened: then the field is theirs. */
  const shown = useRef<{ key: string | null; edited: boolean } | null>(null);

  useEffect(() => {
    if (shown.current?.key !== draftKey) {
      shown.current = { key: draftKey, edited: false };
      setText(saved);
      setError(null);
      focusUnlessInDialog(field.current);
    } else if (!shown.current.edited) {
      // The saved draft came after the chat opened (just signed in, or reloaded).
      setText(saved);
    }
  }, [draftKey, saved]);

  const signalTyping = (typing: boolean) => {
    if (!conversationId) return;
    const now = Date.now();
    if (typing && now - lastTyping.current < TYPING_EVERY_MS) return;
    lastTyping.current = typing ? now : 0;
    void api().setTyping({ conversationId, typing });
  };

  const change = (value: string) => {
    setText(value);
    if (shown.current) shown.current.edited = true;
    if (target) void api().setDraft({ ...target, text: value });
    signalTyping(value.trim() !== '');
  };

  const send = async (event?: FormEvent) => {
    event?.preventDefault();
    const content = text.trim();
    if (content === '' || signedOut) return;
    // The engine clears the draft once the message is queued.
    setText('');
    lastTyping.current = 0;
    const result = await api().sendMessage(
      conversationId ? { conversationId, content } : { receiverId: receiverId ?? '', content },
    );
    if (result.ok) {
      setError(null);
    } else {
      // Nothing was queued: give the text back (the engine kept the draft too).
      setText(content);
      setError(result.error.message);
    }
    focusUnlessInDialog(field.current);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    }
  };

  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = onFiles && !signedOut ? clipboardFiles(event.clipboardData) : [];
    if (files.length > 0) {
      // A pasted image is an attachment, not text: nothing goes into the field.
      event.preventDefault();
      onFiles?.(files);
      return;
    }
    limit.onPaste();
  };

  const reason = signedOut ? 'You are signed out. Log in again to send messages.' : null;
  return (
    <form className="composer" onSubmit={(event) => void send(event)}>
      {(reason ?? error) && (
        <p className="composer-notice" role={error ? 'alert' : undefined} id="composer-notice">
          {reason ?? error}
        </p>
      )}
      <div className="composer-row">
        {onFiles && <AttachButton onFiles={onFiles} disabled={signedOut} />}
        <textarea
          ref={field}
          id={COMPOSER_FIELD_ID}
          aria-label="Message"
          // What is typed takes its own direction: Arabic starts at the right.
          dir="auto"
          placeholder={signedOut ? 'Signed out' : 'Write a message…'}
          rows={1}
          value={text}
          disabled={signedOut}
          aria-describedby={
            [(reason ?? error) ? 'composer-notice' : undefined, limit.describedBy].filter(Boolean).join(' ') ||
            undefined
          }
          // No maxLength: the browser would cut a long paste without a word; the limit cuts and says so.
          onChange={(event) => change(limit.accept(event))}
          onPaste={onPaste}
          onKeyDown={onKeyDown}
          onBlur={() => text.trim() === '' && signalTyping(false)}
        />
        <button type="submit" disabled={signedOut || text.trim() === ''}>
          Send
        </button>
      </div>
      {limit.status}
    </form>
  );
}
