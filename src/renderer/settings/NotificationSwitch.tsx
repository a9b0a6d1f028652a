import { useEffect, useState } from 'react';
import { type NotificationPermissionState, notificationPermissionSchema } from '../../shared/contract/hostContract';
import { api } from '../api';
import { Toggle } from './SettingControls';

/** What the switch says under its label, by the host's permission. */
const hints: Record<NotificationPermissionState, string> = {
  granted: 'When a message or payment arrives while you are not looking',
  default: 'Your browser will ask whether this site may show them',
  denied: 'Your browser blocks notifications for this site. Allow them in the browser’s site settings to get them.',
  unsupported: 'Notifications cannot be shown here',
};

/**
 * "Show notifications": the `notifications` setting, shown on only while the host may show them.
 * Turning it on is the click a browser needs to ask for permission (`requestNotificationPermission`),
 * asked before anything else so the browser still sees the gesture; a browser that blocks them
 * for the site is said so, since only the user can change that, in the browser.
 */
export function NotificationSwitch({ on, onChange }: { on: boolean; onChange: (on: boolean) => void }) {
  const [permission, setPermission] = useState<NotificationPermissionState | null>(null);
  // A host that cannot answer (an older one, a refusal) shows no notifications.
  const read = (result: Awaited<ReturnType<ReturnType<typeof api>['getNotificationPermission']>>) =>
    setPermission(
      result.ok ? (notificationPermissionSchema.safeParse(result.data).data ?? 'unsupported') : 'unsupported',
    );

  useEffect(() => {
    let current = true;
    void api()
      .getNotificationPermission({})
      .then((result) => current && read(result));
    return () => {
      current = false;
    };
  }, []);

  const turn = (checked: boolean) => {
    if (!checked) {
      onChange(false);
      return;
    }
    // The request first, in the click's own turn: a browser asks only on a user's gesture.
    const asked = api().requestNotificationPermission({});
    onChange(true);
    void asked.then(read);
  };

  const blocked = permission === 'denied' || permission === 'unsupported';
  return (
    <>
      <Toggle
        label="Show notifications"
        hint={permission && !blocked ? hints[permission] : undefined}
        checked={on && permission === 'granted'}
        onChange={turn}
      />
      {blocked && (
        <p className="settings-hint settings-blocked" role="status">
          {hints[permission]}
        </p>
      )}
    </>
  );
}
