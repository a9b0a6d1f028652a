import { useAtom } from 'jotai';
import { useEffect, useMemo } from 'react';
import type { Message } from '../../../shared/protocol/entities';
import { photoViewerAtom } from '../../state/photoViewer';
import { isPhoto } from './mediaKind';
import { PhotoViewer } from './PhotoViewer';

/**
 * The viewer over the open conversation, when a thumbnail opened it (`photoViewerAtom`): it moves
 * among the conversation's photos held here (`messages`, oldest first). A photo that is not among
 * them (another chat opened meanwhile, the message deleted) shows nothing.
 */
export function ConversationPhotoViewer({
  conversationId,
  messages,
}: {
  conversationId: string;
  messages: readonly Message[];
}) {
  const [open, setOpen] = useAtom(photoViewerAtom);
  // Another chat opened (or none): the viewer closes, and does not come back with this one.
  useEffect(() => () => setOpen(null), [conversationId, setOpen]);
  const photos = useMemo(
    () =>
      messages.filter(
        (message) =>
          (message.messageType === 'image' || message.messageType === 'file') &&
          message.media &&
          isPhoto(message.media),
      ),
    [messages],
  );
  if (!open || !photos.some((photo) => photo._id === open.messageId)) return null;
  return (
    <PhotoViewer
      photos={photos}
      messageId={open.messageId}
      onShow={(messageId) => setOpen({ messageId })}
      onClose={() => setOpen(null)}
    />
  );
}
