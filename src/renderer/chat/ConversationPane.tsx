/** Placeholder while being built. */
export function ConversationPane() {
  return null;
}
