import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { trayIconName } from './trayIcons';

/**
 * `electron-builder.yml` cannot be exercised here (packaging needs the Electron binary), so it is
 * checked against electron-builder's own schema, through app-builder-lib, the library the
 * electron-builder CLI runs (and its YAML parser), and for what the issue requires of it.
 */
const require = createRequire(import.meta.url);
const builderRequire = createRequire(require.resolve('electron-builder'));
const { validateConfiguration } = builderRequire('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, debugLogger: unknown): Promise<void>;
};
const yaml = createRequire(builderRequire.resolve('app-builder-lib'))('js-yaml') as { load(text: string): unknown };

const root = path.resolve(import.meta.dirname, '../..');
type BuilderConfig = {
  files: string[];
  electronFuses: Record<string, boolean>;
  mac: { target: string[]; hardenedRuntime: boolean; entitlements: string };
  win: { target: string[] };
  linux: { target: string[] };
  protocols: { schemes: string[] }[];
  publish: { provider: string; url: string };
};
const config = yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

describe('electron-builder.yml', () => {
  it("matches electron-builder's schema", async () => {
    await expect(validateConfiguration(config, {})).resolves.toBeUndefined();
  });

  it('builds NSIS, dmg and zip (hardened, with entitlements), AppImage and deb', () => {
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg', 'zip']);
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(existsSync(path.join(root, config.mac.entitlements))).toBe(true);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
  });

  it('flips the fuses the issue names', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
      // The app is served from app://, so file:// keeps no extra privileges.
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('registers the deep-link scheme, publishes an update feed and ships every tray icon', () => {
    expect(config.protocols.flatMap((p) => p.schemes)).toContain('messenger');
    expect(config.publish).toMatchObject({ provider: 'generic', url: expect.stringMatching(/^https:\/\//) });
    expect(config.files).toContain('resources/tray/*.png');
    for (const count of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) {
      const name = trayIconName(count);
      expect(existsSync(path.join(root, 'resources/tray', name))).toBe(true);
      expect(existsSync(path.join(root, 'resources/tray', name.replace('.png', '@2x.png')))).toBe(true);
    }
  });
});
