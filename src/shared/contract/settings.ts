import { z } from 'zod';
import { idSchema } from '../protocol/entities';

/** What a notification may show: who wrote and what, only who, or nothing about either. */
export const notificationPrivacySchema = z.enum(['name-and-message', 'name-only', 'nothing']);
export type NotificationPrivacy = z.infer<typeof notificationPrivacySchema>;

export const themeSchema = z.enum(['light', 'dark', 'system']);
export type Theme = z.infer<typeof themeSchema>;

/** The user's preferences, kept by the host for this device. */
export const settingsSchema = z.object({
  /**
   * Notifications outside the app (OS notifications on the desktop, the browser's on the web) for
   * new messages and payments. A browser also needs the site's permission, asked for when the user
   * turns this on (`requestNotificationPermission`).
   */
  notifications: z.boolean(),
  notificationPrivacy: notificationPrivacySchema,
  sounds: z.boolean(),
  launchAtLogin: z.boolean(),
  closeToTray: z.boolean(),
  theme: themeSchema,
});
export type Settings = z.infer<typeof settingsSchema>;

export const defaultSettings: Settings = {
  notifications: true,
  notificationPrivacy: 'name-and-message',
  sounds: true,
  launchAtLogin: false,
  closeToTray: true,
  theme: 'system',
};

/** Settings that only a desktop host can apply; a browser host leaves them out of `supported`. */
export const desktopOnlySettings = ['launchAtLogin', 'closeToTray'] as const satisfies (keyof Settings)[];

export const settingsViewSchema = z.object({
  settings: settingsSchema,
  /** The settings this host applies; the UI offers only these. */
  supported: z.array(settingsSchema.keyof()),
});
export type SettingsView = z.infer<typeof settingsViewSchema>;

export const navigateSchema = z.union([
  z.object({ to: z.literal('conversation'), conversationId: idSchema }),
  z.object({ to: z.literal('wallet'), transactionId: idSchema.optional() }),
]);
export type Navigate = z.infer<typeof navigateSchema>;
