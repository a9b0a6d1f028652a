import { z } from 'zod';

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

const empty = z.strictObject({});

export const hostCommands = {
  getUpdateStatus: { input: empty, output: updateStatusSchema },
  checkForUpdates: { input: empty, output: updateStatusSchema },
  /** Updates are never downloaded without the user's say. */
  downloadUpdate: { input: empty, output: updateStatusSchema },
  /** Quits (after saving the outbox and settings) and installs the downloaded update. */
  installUpdate: { input: empty, output: z.object({}) },
  getHostNotices: { input: empty, output: z.array(hostNoticeSchema) },
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
