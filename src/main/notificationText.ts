import type { NotificationPrivacy } from '../shared/contract/settings';
import { isolate, sentencePieces } from '../shared/format/bidi';
import { truncateGraphemes } from '../shared/format/graphemes';
import {
  type IncomingMessage,
  type IncomingPayment,
  NOTICE_TEXT_MAX,
  type NoticeText,
  messageNotice,
  paymentNotice,
} from '../shared/format/noticeText';

export type NotificationText = { title: string; body: string };

/**
 * Linux notification servers read the body as a subset of HTML (`<b>`, `<a href>`, `<img>`, and
 * entities), so text from other people is escaped there; elsewhere it is shown as is. Control
 * characters go everywhere: they can reorder or hide what the user reads.
 */
export function escapeNotificationText(text: string, platform: NodeJS.Platform): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const clean = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '');
  if (platform !== 'linux') return clean;
  return clean
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * A sentence whose people's text is isolated (`isolate`) as the OS shows it: on one line, cut to
 * `NOTICE_TEXT_MAX` whole graphemes (never inside an emoji), each piece escaped, and each
 * person's piece isolated again (FSI…PDI) so a name or text in another script keeps the sentence
 * in order. The isolates are added after escaping, which strips any the text brought itself.
 */
function notificationLine(sentence: string, platform: NodeJS.Platform): string {
  const short = truncateGraphemes(sentence.replace(/\s+/g, ' ').trim(), NOTICE_TEXT_MAX);
  return sentencePieces(short)
    .map((piece) =>
      piece.isolated
        ? isolate(escapeNotificationText(piece.text, platform))
        : escapeNotificationText(piece.text, platform),
    )
    .join('');
}

export type { IncomingMessage, IncomingPayment } from '../shared/format/noticeText';

/** A notice (`noticeText.ts`, which applies the privacy setting) as this platform shows it: each line by `notificationLine`. */
export function platformNotificationText(notice: NoticeText, platform: NodeJS.Platform): NotificationText {
  return {
    title: notificationLine(notice.title, platform),
    body: notificationLine(notice.body, platform) + notice.more,
  };
}

/**
 * The privacy setting decides what leaves the app (`messageNotice`: who wrote and what, only
 * who, or neither). Names, titles and the text are isolated (FSI…PDI) and cut to whole graphemes
 * (`notificationLine`).
 */
export function messageNotificationText(
  privacy: NotificationPrivacy,
  message: IncomingMessage,
  platform: NodeJS.Platform,
  locale?: string,
): NotificationText {
  return platformNotificationText(messageNotice(privacy, message, locale), platform);
}

/** "alice paid you $50.00" with the note, as far as the privacy setting lets it out of the app (`paymentNotice`). */
export function paymentNotificationText(
  privacy: NotificationPrivacy,
  payment: IncomingPayment,
  platform: NodeJS.Platform,
  locale?: string,
): NotificationText {
  return platformNotificationText(paymentNotice(privacy, payment, locale), platform);
}
