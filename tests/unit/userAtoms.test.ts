import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { atom } from 'jotai';
import { describe, expect, it } from 'vitest';
import { connectionStatusAtom, sessionAtom, settingsAtom } from '../../src/renderer/state/atoms';
import { isUserAtom } from '../../src/renderer/state/userScope';

const renderer = fileURLToPath(new URL('../../src/renderer/', import.meta.url));

/** Every source file of the UI but tests, relative to src/renderer. */
const sourceFiles = readdirSync(renderer, { recursive: true, encoding: 'utf8' }).filter(
  (file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file),
);
/** The entry points mount the app when imported, and `web/` is the web host (the engine's side): no atoms there. */
const notUi = (file: string) => file === 'desktopMain.tsx' || file === 'app/mount.tsx' || file.startsWith('web/');

/** The device's, not the user's: they are the same whoever signs in, and must stay across a change. */
const deviceAtoms = new Set<unknown>([sessionAtom, connectionStatusAtom, settingsAtom]);

/** An atom that holds a value of its own (`atom(initial)`), not one derived from others or write-only. */
const defaultWrite = atom(0).write;
const holdsState = (value: unknown) =>
  typeof value === 'object' && value !== null && 'init' in value && 'write' in value && value.write === defaultWrite;

describe('what of a user the UI holds', () => {
  it("every atom that holds state is reset when the user changes (a userAtom), but the device's", async () => {
    const found: { where: string; value: unknown }[] = [];
    for (const file of sourceFiles.filter((file) => !notUi(file))) {
      const exports = (await import(`${renderer}${file}`)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(exports)) {
        if (holdsState(value)) found.push({ where: `${file} ${name}`, value });
      }
    }
    // The search finds them at all (a search that found nothing would pass whatever is there).
    expect(found.map((atom) => atom.where)).toEqual(
      expect.arrayContaining(['state/atoms.ts draftsAtom', 'wallet/walletDrawer.ts walletDrawerOpenAtom']),
    );
    const notReset = found.filter((atom) => !deviceAtoms.has(atom.value) && !isUserAtom(atom.value));
    expect(notReset.map((atom) => atom.where)).toEqual([]);
  });

  it('no module keeps a Map or Set of its own, which would outlive the user (as drafts once did)', () => {
    expect(sourceFiles).toContain('chat/Composer.tsx');
    /** Module-level collections that hold nothing of any user, each with why. */
    const userFree: Record<string, string> = {
      'chat/receipts.ts': 'interns receipt labels ("Read by 1 of 2"), the same for everyone',
    };
    // Top level only (no indentation); a WeakMap keyed by objects the atoms hold goes with them.
    const moduleLevel = /^(?:export )?(?:const|let|var) \w+(?:: [^=]+)? = new (?:Map|Set)\b/m;
    const offenders = sourceFiles.filter(
      (file) => !(file in userFree) && moduleLevel.test(readFileSync(`${renderer}${file}`, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});
