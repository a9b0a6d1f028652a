import { createContext, useContext } from 'react';

/**
 * Opens a quoted message (a reply's preview) of the conversation the message list shows, at its
 * place in history (`useJumpToMessage`, seq looked up among the messages held, else read back).
 * MessageList provides it; a bubble calls `useOpenQuote()(replyTo._id)` when its quote is chosen.
 * Null outside a message list (nothing to jump in).
 */
export const OpenQuoteContext = createContext<((messageId: string) => void) | null>(null);

/** The message list's way to open a quoted message (see OpenQuoteContext); null outside one. */
export function useOpenQuote(): ((messageId: string) => void) | null {
  return useContext(OpenQuoteContext);
}
