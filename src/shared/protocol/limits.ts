/**
 * Every limit of the wire protocol (PROTOCOL.md "Limits" and "Ids, times, seq and cursors"),
 * defined once: the schemas of this directory, the server, the engine, the IPC contract and the
 * renderer's character counters all read them from here.
 *
 * Text lengths count UTF-16 code units (JavaScript's `length`, as zod counts), after trimming
 * where the schema trims. Amounts are integers in the currency's minor unit (ISO 4217).
 */

/** An opaque id (`_id`, `conversationId`, ...): 1–64 characters. */
export const ID_MAX_LENGTH = 64;

/** A username: 3–32 of `[A-Za-z0-9_.-]` (ASCII only, so code units and characters agree). */
export const USERNAME_MIN_LENGTH = 3;
export const USERNAME_MAX_LENGTH = 32;
/** An email address (RFC 5321's longest path); also the longest login name accepted. */
export const EMAIL_MAX_LENGTH = 254;
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
/** A refresh token as a client hands it back (the server's are 43 characters). */
export const REFRESH_TOKEN_MAX_LENGTH = 512;
/** An access token in `auth:renew` / `auth_renew`. */
export const ACCESS_TOKEN_MAX_LENGTH = 2048;

/** A message's `content`: 1–4000 characters after trimming. */
export const CONTENT_MAX_LENGTH = 4000;
/** A message's `clientId`: 1–128 characters, unique per sender. */
export const CLIENT_ID_MAX_LENGTH = 128;
/** A group's `title`: 1–100 characters after trimming. */
export const GROUP_TITLE_MAX_LENGTH = 100;
/** A new group's `memberIds`: 1–255 ids (the caller is added). */
export const GROUP_MEMBERS_MAX = 255;
/** `GET /api/users/search?query=`: 1–64 characters after trimming. */
export const SEARCH_QUERY_MAX_LENGTH = 64;
/** How many users a search answers at most. */
export const SEARCH_RESULTS_MAX = 20;

/** A transfer's or deposit's `amount`, in minor units: 1 to 100,000,000. */
export const MAX_TRANSFER_AMOUNT = 100_000_000;
/** A payment's `note`: at most 200 characters after trimming. */
export const NOTE_MAX_LENGTH = 200;
/** The `Idempotency-Key` header: 1–255 characters. */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

/** The largest `page` number of the page-numbered lists (`GET /api/users`, `GET /api/messages/:userId`). */
export const PAGE_NUMBER_MAX = 1_000_000;
/** `GET /api/users`: `limit` ≤ 100, default 20. */
export const USERS_PAGE_MAX = 100;
export const USERS_PAGE_DEFAULT = 20;
/** `GET /api/conversations/:id/messages` and `GET /api/messages/:userId`: `limit` ≤ 200. */
export const HISTORY_PAGE_MAX = 200;
/** Default `limit` of a history page before a seq (and of the direct-conversation pages). */
export const HISTORY_PAGE_DEFAULT = 50;
/** Default `limit` of a history page after a seq. */
export const HISTORY_AFTER_PAGE_DEFAULT = 200;
/** `GET /api/wallet/transactions`: `limit` ≤ 100, default 50. */
export const TRANSACTIONS_PAGE_MAX = 100;
export const TRANSACTIONS_PAGE_DEFAULT = 50;
/** `sync` on `/chat`: at most this many messages per answer. */
export const SYNC_PAGE_LIMIT = 500;
/**
 * `sync`'s `since`: the `syncToken` of an earlier answer, opaque, at most this long (the server's
 * are far shorter; PROTOCOL.md "Catching up at any account size").
 */
export const SYNC_TOKEN_MAX_LENGTH = 512;
/** `GET /api/messages/conversations?limit=`: at most 100; a `cursor` without `limit` pages by 20. */
export const CONVERSATIONS_PAGE_MAX = 100;
export const CONVERSATIONS_PAGE_DEFAULT = 20;
/** The list page's opaque `cursor` (the server's are about 80 characters). */
export const CONVERSATIONS_CURSOR_MAX_LENGTH = 256;
/** `wallet:sync` on `/wallet`: at most this many transactions per answer. */
export const WALLET_SYNC_LIMIT = 500;

/** `POST /api/media`: the largest upload when `MEDIA_MAX_BYTES` is not set, in bytes (25 MiB). */
export const MEDIA_MAX_BYTES_DEFAULT = 25 * 1024 * 1024;
/** A media's thumbnail is at most this wide, in CSS pixels (PROTOCOL.md "Attachments"). */
export const THUMBNAIL_MAX_WIDTH = 320;
/** A media's `fileName`: at most this many characters once made safe (`safeFileName`). */
export const FILE_NAME_MAX_LENGTH = 200;

/** How long after sending its sender may still edit a message, in ms (24 hours; PROTOCOL.md "Edits, deletions, replies, reactions"). */
export const EDIT_WINDOW_MS = 24 * 60 * 60 * 1000;
/** A reply's `replyTo.content`: at most this many characters of the original. */
export const REPLY_PREVIEW_MAX_LENGTH = 200;
/** A reaction's `userIds`: at most this many (the earliest); `count` has them all. */
export const REACTION_USER_IDS_MAX = 20;
/** How many kinds of reaction one message may carry; a new kind past it is refused (CONFLICT). */
export const REACTION_KINDS_MAX = 20;
/** A reaction's emoji as sent: one emoji (RGI, with its modifiers), at most this many UTF-16 code units. */
export const EMOJI_MAX_LENGTH = 32;
/** `GET /api/search/messages?query=`: 1–200 characters after trimming. */
export const MESSAGE_SEARCH_QUERY_MAX_LENGTH = 200;
/** `GET /api/search/messages?limit=`: at most 50, default 20. */
export const MESSAGE_SEARCH_PAGE_MAX = 50;
export const MESSAGE_SEARCH_PAGE_DEFAULT = 20;
/** The search's opaque `cursor` (the server's are far shorter). */
export const MESSAGE_SEARCH_CURSOR_MAX_LENGTH = 128;
/** A search result's `snippet`: about this many characters of the message around its first match. */
export const SEARCH_SNIPPET_LENGTH = 120;
