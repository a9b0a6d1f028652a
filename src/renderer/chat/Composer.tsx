import { useAtom, useAtomValue, useStore } from 'jotai';
import {
  type ClipboardEvent,
  type FormEvent,
  type KeyboardEvent,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import { type DraftTarget, draftKeyOf } from '../../shared/contract/clientState';
import { CONTENT_MAX_LENGTH } from '../../shared/protocol/chat';
import { api } from '../api';
import { useLengthLimit } from '../components/useLengthLimit';
import { connectionStatusAtom, selfIdAtom, threadsAtom } from '../state/atoms';
import { useDraft } from '../state/useDraft';
import { focusUnlessInDialog } from '../components/tabbable';
import { limitText } from '../format/lengthLimit';
import { AttachButton } from './attachments/AttachButton';
import { COMPOSER_FIELD_ID } from './composerFocus';
import { clipboardFiles } from './attachments/clipboardFiles';
import { type ComposerMode, composerModeAtom, lastEditable } from './actions/composerMode';
import { ComposerModeBar } from './actions/ComposerModeBar';
import { useHeldMessage } from './actions/useHeld';
import { EmojiButton } from './emoji/EmojiButton';

/** How often "still typing" goes to the host at most (the engine spaces what it sends further). */
const TYPING_EVERY_MS = 1000;
/** The id of the edit or reply bar, which describes the field while it shows. */
const MODE_BAR_ID = 'composer-mode';

/**
 * Writes a message: Enter sends, Shift+Enter starts a new line. Typing is signalled for
 * existing conversations. Sending works offline (the outbox keeps it); only a signed-out app
 * cannot send, and says so. What is typed is the chat's draft, kept by the engine (per user,
 * across reloads, wiped at logout): the composer shows it when the chat opens. The text is held
 * to the protocol's `CONTENT_MAX_LENGTH`, counted as the server counts; near it the composer says
 * how much is left, and a paste that was cut says so (`useLengthLimit`). Photos and files come
 * from "Attach" or a pasted image and go to `onFiles` (each to be previewed and sent on its own);
 * "Emoji" puts an emoji at the caret.
 *
 * It also edits and answers messages (`composerModeAtom`, set by a message's "Edit" and
 * "Reply"): a bar above the field says which ("Editing message", "Reply to alice") with "Cancel
 * edit" / "Cancel reply"; Esc cancels too. An edit puts the message's text in the field, Enter
 * (or "Save") saves it (unchanged text just ends the edit), and the draft that was there comes
 * back afterwards; the draft is not touched while editing. A reply is sent with its `replyToId`.
 * Up in an empty field edits the user's newest message they may still edit.
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
  const store = useStore();
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
  const [modeHeld, setMode] = useAtom(composerModeAtom);
  // Only this chat's: a mode set for another conversation is not this composer's.
  const mode = modeHeld && modeHeld.conversationId === conversationId ? modeHeld : null;
  const editing = mode?.kind === 'edit' ? mode : null;
  const held = useHeldMessage(mode ? conversationId : null, mode ? mode.message._id : null);
  /** The text to give back when the edit ends: what was in the field (the draft) when it began. */
  const beforeEdit = useRef<string | null>(null);
  /** The mode the field was last set up for; an edit that starts or ends changes the field's text. */
  const applied = useRef<ComposerMode | null>(null);
  /** Where the caret goes after the next render (a picked emoji, an edit's end of text). */
  const caret = useRef<number | null>(null);

  useEffect(() => {
    if (shown.current?.key !== draftKey) {
      shown.current = { key: draftKey, edited: false };
      // Another chat: its own draft, and no edit or reply of the chat left behind.
      beforeEdit.current = null;
      applied.current = null;
      if (store.get(composerModeAtom)?.conversationId !== conversationId) setMode(null);
      setText(saved);
      setError(null);
      focusUnlessInDialog(field.current);
    } else if (!shown.current.edited) {
      // The saved draft came after the chat opened (just signed in, or reloaded); during an edit it is what comes back.
      if (beforeEdit.current !== null) beforeEdit.current = saved;
      else setText(saved);
    }
  }, [draftKey, saved, conversationId, store, setMode]);

  // An edit begins: the message's text in the field (the draft kept aside); it ends: the draft back.
  useLayoutEffect(() => {
    const before = applied.current?.kind === 'edit' ? applied.current : null;
    applied.current = mode;
    // Another chat opened: its draft is the chat effect's to show, not this edit's.
    if (before && before.conversationId !== conversationId) return;
    if (editing && editing.message._id !== before?.message._id) {
      if (beforeEdit.current === null) beforeEdit.current = text;
      setText(editing.message.content);
      caret.current = editing.message.content.length;
      setError(null);
    } else if (!editing && before) {
      setText(beforeEdit.current ?? '');
      beforeEdit.current = null;
    }
    // Only a change of mode: the text is read as it is at that moment.
  }, [mode]);

  useLayoutEffect(() => {
    if (caret.current === null || !field.current) return;
    field.current.setSelectionRange(caret.current, caret.current);
    caret.current = null;
  });

  const signalTyping = (typing: boolean) => {
    if (!conversationId) return;
    const now = Date.now();
    if (typing && now - lastTyping.current < TYPING_EVERY_MS) return;
    lastTyping.current = typing ? now : 0;
    void api().setTyping({ conversationId, typing });
  };

  const change = (value: string) => {
    setText(value);
    // An edit's text is not the chat's draft, nor "typing" a new message.
    if (editing) return;
    if (shown.current) shown.current.edited = true;
    if (target) void api().setDraft({ ...target, text: value });
    signalTyping(value.trim() !== '');
  };

  const saveEdit = async (edit: ComposerMode) => {
    const content = text.trim();
    if (content === '') return;
    const current = held ?? edit.message;
    if (content !== current.content) {
      const result = await api().editMessage({
        conversationId: edit.conversationId,
        messageId: edit.message._id,
        content,
      });
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
    }
    setError(null);
    setMode(null);
    focusUnlessInDialog(field.current);
  };

  const send = async (event?: FormEvent) => {
    event?.preventDefault();
    if (signedOut) return;
    if (editing) {
      await saveEdit(editing);
      return;
    }
    const content = text.trim();
    if (content === '') return;
    // The engine clears the draft once the message is queued.
    setText('');
    lastTyping.current = 0;
    const replyToId = mode?.kind === 'reply' ? mode.message._id : undefined;
    const result = await api().sendMessage(
      conversationId
        ? { conversationId, content, ...(replyToId ? { replyToId } : {}) }
        : { receiverId: receiverId ?? '', content },
    );
    if (result.ok) {
      setError(null);
      if (replyToId && store.get(composerModeAtom)?.message._id === replyToId) setMode(null);
    } else {
      // Nothing was queued: give the text back (the engine kept the draft too).
      setText(content);
      setError(result.error.message);
    }
    focusUnlessInDialog(field.current);
  };

  const editLast = (): boolean => {
    if (!conversationId) return false;
    const messages = store.get(threadsAtom).get(conversationId)?.messages ?? [];
    const last = lastEditable(messages, store.get(selfIdAtom), Date.now());
    if (!last) return false;
    setMode({ kind: 'edit', conversationId, message: last });
    return true;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    const plain = !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey;
    if (event.nativeEvent.isComposing) return;
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      void send();
    } else if (event.key === 'Escape' && mode) {
      // Esc ends the edit or the reply; nothing else (a drawer, a dialog) closes with it.
      event.preventDefault();
      event.stopPropagation();
      setError(null);
      setMode(null);
    } else if (event.key === 'ArrowUp' && plain && !editing && text === '' && editLast()) {
      event.preventDefault();
    }
  };

  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = onFiles && !signedOut && !editing ? clipboardFiles(event.clipboardData) : [];
    if (files.length > 0) {
      // A pasted image is an attachment, not text: nothing goes into the field.
      event.preventDefault();
      onFiles?.(files);
      return;
    }
    limit.onPaste();
  };

  /** The picked emoji at the caret (in place of a selection), if it fits in the limit; the focus back in the field. */
  const insertEmoji = (emoji: string) => {
    const input = field.current;
    const start = input?.selectionStart ?? text.length;
    const end = input?.selectionEnd ?? text.length;
    const value = text.slice(0, start) + emoji + text.slice(end);
    if (!limitText(value, CONTENT_MAX_LENGTH).cut) {
      change(value);
      caret.current = start + emoji.length;
    }
    input?.focus();
  };

  const reason = signedOut ? 'You are signed out. Log in again to send messages.' : null;
  const empty = text.trim() === '';
  return (
    <form className="composer" onSubmit={(event) => void send(event)}>
      {(reason ?? error) && (
        <p className="composer-notice" role={error ? 'alert' : undefined} id="composer-notice">
          {reason ?? error}
        </p>
      )}
      {mode && (
        <ComposerModeBar
          id={MODE_BAR_ID}
          mode={mode}
          held={held}
          onCancel={() => {
            setError(null);
            setMode(null);
            field.current?.focus();
          }}
        />
      )}
      <div className="composer-row">
        {onFiles && !editing && <AttachButton onFiles={onFiles} disabled={signedOut} />}
        <textarea
          ref={field}
          id={COMPOSER_FIELD_ID}
          aria-label="Message"
          // What is typed takes its own direction: Arabic starts at the right.
          dir="auto"
          placeholder={signedOut ? 'Signed out' : editing ? 'Edit the message…' : 'Write a message…'}
          rows={1}
          value={text}
          disabled={signedOut}
          aria-describedby={
            [mode ? MODE_BAR_ID : undefined, (reason ?? error) ? 'composer-notice' : undefined, limit.describedBy]
              .filter(Boolean)
              .join(' ') || undefined
          }
          // No maxLength: the browser would cut a long paste without a word; the limit cuts and says so.
          onChange={(event) => change(limit.accept(event))}
          onPaste={onPaste}
          onKeyDown={onKeyDown}
          onBlur={() => !editing && text.trim() === '' && signalTyping(false)}
        />
        <EmojiButton onPick={insertEmoji} disabled={signedOut} />
        <button type="submit" disabled={signedOut || empty}>
          {editing ? 'Save' : 'Send'}
        </button>
      </div>
      {limit.status}
    </form>
  );
}
