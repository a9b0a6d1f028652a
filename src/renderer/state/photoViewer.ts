import { userAtom } from './userScope';

/**
 * The photo open in the viewer, by the id of its message (null: the viewer is closed). Set by a
 * thumbnail; the viewer (ConversationPane) moves it between the photos of the open conversation.
 */
export const photoViewerAtom = userAtom<{ messageId: string } | null>(null);
