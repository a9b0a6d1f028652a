import { focusUnlessInDialog } from '../components/tabbable';

/** The id of the composer's message field: the one place focus goes back to when its own place is gone. */
export const COMPOSER_FIELD_ID = 'composer-message';

/**
 * Puts the focus in the composer, where a keyboard user carries on, after what held it went away
 * (a cancelled upload's bubble, the last of several previews); never from inside an open dialog.
 */
export function focusComposer(): void {
  focusUnlessInDialog(document.getElementById(COMPOSER_FIELD_ID));
}
