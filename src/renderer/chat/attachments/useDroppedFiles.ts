import { type DragEvent, useRef, useState } from 'react';
import { dragHasFiles } from './clipboardFiles';

/**
 * Files dropped on the conversation pane go to `onFiles`; `dragging` is true while files are
 * dragged over it (the pane then shows where to drop them). Drags of text or links are left to
 * the browser. `enabled` false (signed out, no chat open): drops are ignored.
 */
export function useDroppedFiles(onFiles: (files: File[]) => void, enabled: boolean) {
  const [dragging, setDragging] = useState(false);
  // Entering a child of the pane leaves the pane first: count, so the hint does not flicker.
  const depth = useRef(0);

  const handlers = {
    onDragEnter(event: DragEvent) {
      if (!enabled || !dragHasFiles(event.dataTransfer)) return;
      event.preventDefault();
      depth.current++;
      setDragging(true);
    },
    onDragOver(event: DragEvent) {
      if (!enabled || !dragHasFiles(event.dataTransfer)) return;
      // Without this the browser opens the file in place of the app.
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    },
    onDragLeave(event: DragEvent) {
      if (!enabled || !dragHasFiles(event.dataTransfer)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDragging(false);
    },
    onDrop(event: DragEvent) {
      if (!enabled || !dragHasFiles(event.dataTransfer)) return;
      event.preventDefault();
      depth.current = 0;
      setDragging(false);
      const files = [...event.dataTransfer.files];
      if (files.length > 0) onFiles(files);
    },
  };
  return { dragging, handlers };
}
