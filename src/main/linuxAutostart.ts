import path from 'node:path';

export type AutostartFs = {
  writeFileSync(file: string, text: string): void;
  mkdirSync(dir: string, options: { recursive: true }): unknown;
  rmSync(file: string, options: { force: true }): void;
};

/** Quotes an argument for a desktop entry's `Exec` key (freedesktop "Desktop Entry" spec). */
function quoteExec(arg: string): string {
  return /^[A-Za-z0-9_./-]+$/.test(arg) ? arg : `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
}

/**
 * Launch at login on Linux, where Electron's `setLoginItemSettings` does nothing: a desktop entry
 * in `~/.config/autostart` (XDG autostart, honoured by GNOME, KDE, Xfce, ...). For an AppImage the
 * entry starts the AppImage file, not the binary mounted from it for this run.
 */
export function linuxLoginItem(deps: {
  fs: AutostartFs;
  configDir: string;
  /** `process.env.APPIMAGE ?? process.execPath`. */
  executable: string;
}): (openAtLogin: boolean) => void {
  const dir = path.join(deps.configDir, 'autostart');
  const file = path.join(dir, 'messenger.desktop');
  return (openAtLogin) => {
    if (!openAtLogin) {
      deps.fs.rmSync(file, { force: true });
      return;
    }
    deps.fs.mkdirSync(dir, { recursive: true });
    deps.fs.writeFileSync(
      file,
      [
        '[Desktop Entry]',
        'Type=Application',
        'Name=Messenger',
        `Exec=${quoteExec(deps.executable)} --hidden`,
        'X-GNOME-Autostart-enabled=true',
        'Terminal=false',
        '',
      ].join('\n'),
    );
  };
}
