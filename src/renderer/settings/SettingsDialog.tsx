import { useAtom, useAtomValue } from 'jotai';
import type { NotificationPrivacy, Settings, SettingsView, Theme } from '../../shared/contract/settings';
import { Modal } from '../components/Modal';
import { openDialogAtom, settingsAtom } from '../state/atoms';
import { RadioGroup, SettingsSection, Toggle } from './SettingControls';
import { ServerUrlForm } from './ServerUrlForm';
import { NotificationSwitch } from './NotificationSwitch';
import { DiagnosticsEntry } from './DiagnosticsDialog';
import { useUpdateSetting } from './useUpdateSetting';
import './settings.css';

const themes: { value: Theme; label: string; hint?: string }[] = [
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
  { value: 'system', label: 'System', hint: 'Follows your computer’s setting' },
];

const notificationContents: { value: NotificationPrivacy; label: string; hint?: string }[] = [
  { value: 'name-and-message', label: 'Name and message' },
  { value: 'name-only', label: 'Name only', hint: 'Who wrote, but not what' },
  { value: 'nothing', label: 'Nothing', hint: 'Only that something new arrived' },
];

/** What a refused change is reported as. */
const settingNames: Record<keyof Settings, string> = {
  theme: 'Theme',
  notifications: 'Show notifications',
  notificationPrivacy: 'Notification content',
  sounds: 'Sounds',
  launchAtLogin: 'Launch at login',
  closeToTray: 'Close to tray',
};

/** The settings dialog, while `openDialogAtom` is 'settings'. */
export function SettingsDialog() {
  const [dialog, setDialog] = useAtom(openDialogAtom);
  if (dialog !== 'settings') return null;
  return <SettingsPanel onClose={() => setDialog(null)} />;
}

function SettingsPanel({ onClose }: { onClose: () => void }) {
  const view = useAtomValue(settingsAtom);
  return (
    <Modal title="Settings" onClose={onClose} className="settings-dialog">
      {view ? <SettingsForm view={view} /> : <p className="muted">Loading settings…</p>}
      <SettingsSection title="Server">
        {/* The new server knows neither this user nor their session: the dialog has nothing left to show. */}
        <ServerUrlForm warning="Changing the server signs you out." onChanged={onClose} />
      </SettingsSection>
      <DiagnosticsEntry />
      <div className="dialog-actions">
        <button type="button" className="secondary" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}

/** The device's settings; each change applies at once. Only what this host supports is offered. */
function SettingsForm({ view }: { view: SettingsView }) {
  const { update, failure } = useUpdateSetting();
  const { settings } = view;
  const offers = (key: keyof Settings) => view.supported.includes(key);

  return (
    <>
      {failure && (
        <p className="form-error settings-failure" role="alert">
          Couldn’t change “{settingNames[failure.key]}”: {failure.message}
        </p>
      )}
      {offers('theme') && (
        <SettingsSection title="Appearance">
          <RadioGroup
            label="Theme"
            value={settings.theme}
            options={themes}
            onChange={(theme) => void update('theme', theme)}
          />
        </SettingsSection>
      )}
      {(offers('notifications') || offers('notificationPrivacy') || offers('sounds')) && (
        <SettingsSection title="Notifications">
          {offers('notifications') && (
            <NotificationSwitch on={settings.notifications} onChange={(on) => void update('notifications', on)} />
          )}
          {offers('notificationPrivacy') && (
            <RadioGroup
              label="Notification content"
              value={settings.notificationPrivacy}
              options={notificationContents}
              onChange={(privacy) => void update('notificationPrivacy', privacy)}
            />
          )}
          {offers('sounds') && (
            <Toggle
              label="Sounds"
              hint="For new messages and payments"
              checked={settings.sounds}
              onChange={(on) => void update('sounds', on)}
            />
          )}
        </SettingsSection>
      )}
      {(offers('launchAtLogin') || offers('closeToTray')) && (
        <SettingsSection title="Desktop">
          {offers('launchAtLogin') && (
            <Toggle
              label="Launch at login"
              checked={settings.launchAtLogin}
              onChange={(on) => void update('launchAtLogin', on)}
            />
          )}
          {offers('closeToTray') && (
            <Toggle
              label="Close to tray"
              hint="Closing the window keeps you reachable"
              checked={settings.closeToTray}
              onChange={(on) => void update('closeToTray', on)}
            />
          )}
        </SettingsSection>
      )}
    </>
  );
}
