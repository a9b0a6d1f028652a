import { z } from 'zod';
import { ID_MAX_LENGTH } from '../protocol/limits';

/**
 * The part of the contract that only the host answers, never the engine: app updates and notices
 * about the machine (a keychain that cannot keep secrets). Electron main answers these on the
 * desktop; the web host refuses them with "not available in the browser". `createApi` merges
 * them into `window.api`, and `ipcContract.ts` merges the events, so the renderer sees one API.
 */

/** Where the app's own update stands; `disabled` where the host cannot update itself. */
export const updateStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('disabled'), reason: z.string() }),
  z.object({ state: z.literal('idle') }),
  z.object({ state: z.literal('checking') }),
  z.object({ state: z.literal('available'), version: z.string() }),
  z.object({
    state: z.literal('downloading'),
    version: z.string(),
    /** 0 to 100. */
    percent: z.number().min(0).max(100),
    transferred: z.number().nonnegative(),
    total: z.number().nonnegative(),
    bytesPerSecond: z.number().nonnegative(),
  }),
  /** Installs when the app quits, or at once with `installUpdate`. */
  z.object({ state: z.literal('downloaded'), version: z.string() }),
  z.object({ state: z.literal('error'), message: z.string() }),
]);
export type UpdateStatus = z.infer<typeof updateStatusSchema>;

/** Something about the host the user should know (secrets kept in memory only, ...). */
export const hostNoticeSchema = z.object({
  id: z.string().min(1).max(64),
  tone: z.enum(['info', 'warning']),
  text: z.string(),
});
export type HostNotice = z.infer<typeof hostNoticeSchema>;

/**
 * Whether this host may show notifications outside the app: `granted`; `default` (a browser that
 * has not asked yet: `requestNotificationPermission` asks, on a click); `denied` (the browser
 * blocks them for this site, which only the user can change, in the browser); `unsupported`
 * (no notifications here). The desktop answers `granted` where the OS shows notifications.
 */
export const notificationPermissionSchema = z.enum(['granted', 'default', 'denied', 'unsupported']);
export type NotificationPermissionState = z.infer<typeof notificationPermissionSchema>;

const empty = z.strictObject({});

/** A media the UI shows or saves (PROTOCOL.md "Attachments"): its id, and which bytes. */
const mediaRequestSchema = z.strictObject({
  mediaId: z.string().min(1).max(ID_MAX_LENGTH),
  variant: z.enum(['original', 'thumbnail']).default('original'),
});

export const hostCommands = {
  getUpdateStatus: { input: empty, output: updateStatusSchema },
  checkForUpdates: { input: empty, output: updateStatusSchema },
  /** Updates are never downloaded without the user's say. */
  downloadUpdate: { input: empty, output: updateStatusSchema },
  /** Quits (after saving the outbox and settings) and installs the downloaded update. */
  installUpdate: { input: empty, output: z.object({}) },
  getHostNotices: { input: empty, output: z.array(hostNoticeSchema) },
  getNotificationPermission: { input: empty, output: notificationPermissionSchema },
  /** Asks the user (a browser's prompt) when not asked yet; call it from a click. Answers the state after. */
  requestNotificationPermission: { input: empty, output: notificationPermissionSchema },
  /**
   * A URL the page can show a media's bytes from (an `<img src>`), without ever holding a token:
   * the desktop's `app://messenger/media/...` route, fetched by main with the token; in the
   * browser a `blob:` URL of bytes the page's engine fetched. Fails `NOT_FOUND` when the server
   * has none for this user.
   */
  getMediaUrl: { input: mediaRequestSchema, output: z.object({ url: z.string() }) },
  /**
   * Saves a media's bytes where the user chooses: the desktop asks with a save dialog (in main,
   * never opening the file); the browser downloads it. `saved` false: the user cancelled.
   */
  saveMedia: {
    input: z.strictObject({ mediaId: z.string().min(1).max(ID_MAX_LENGTH), fileName: z.string().min(1).max(1024) }),
    output: z.object({ saved: z.boolean() }),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const hostEvents = {
  update: updateStatusSchema,
  /** Every notice that currently holds (replaces the previous list). */
  hostNotices: z.array(hostNoticeSchema),
} as const satisfies Record<string, z.ZodType>;

export type HostCommandName = keyof typeof hostCommands;
export type HostEventName = keyof typeof hostEvents;
export const hostCommandNames = Object.keys(hostCommands) as HostCommandName[];

export function isHostCommandName(name: unknown): name is HostCommandName {
  return typeof name === 'string' && Object.hasOwn(hostCommands, name);
}

/** What a host that cannot do these answers (the browser). */
export const HOST_COMMAND_UNAVAILABLE_MESSAGE = 'This is not available in the browser.';
