import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const cwd = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd });

/** Lints `code` as if it were the file at `filePath`, and returns the rules that fired. */
async function firedRules(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

describe('import boundaries of DESIGN.md', () => {
  const refused: [string, string][] = [
    ['src/renderer/app/fixture.ts', "import { startServer } from '../../server/serverApp';"],
    ['src/renderer/app/fixture.ts', "import { registerIpcHandlers } from '../../main/ipc';"],
    ['src/renderer/app/fixture.ts', "import { readFileSync } from 'node:fs';"],
    ['src/renderer/app/fixture.ts', "import path from 'path';"],
    ['src/renderer/app/fixture.ts', "import { createEngine } from '../../core/engine';"],
    ['src/core/fixture.ts', "import { app } from 'electron';"],
    ['src/core/fixture.ts', "import { useState } from 'react';"],
    ['src/core/fixture.ts', "import { mountApp } from '../renderer/app/mount';"],
    ['src/shared/protocol/fixture.ts', "import { createEngine } from '../../core/engine';"],
    ['src/shared/fixture.ts', "import { ApiError } from '../server/apiError';"],
    ['src/server/fixture.ts', "import { createEngine } from '../core/engine';"],
    ['src/preload/fixture.ts', "import { createEngine } from '../core/engine';"],
    ['src/renderer/app/fixture.ts', "import { webHostInfo } from '../../web/webHostInfo';"],
    ['src/web/fixture.ts', "import { registerIpcHandlers } from '../main/ipc';"],
    ['src/web/fixture.ts', "import { readFileSync } from 'node:fs';"],
  ];

  it.each(refused)('%s may not say: %s', async (filePath, code) => {
    expect(await firedRules(filePath, `${code}\nexport {};\n`)).toContain('no-restricted-imports');
  });

  const allowed: [string, string][] = [
    ['src/renderer/app/fixture.ts', "import type { Api } from '../../shared/contract/ipcContract';"],
    ['src/web/fixture.ts', "import { createEngine } from '../core/engine';"],
    ['src/web/fixture.ts', "import { mountApp } from '../renderer/app/mount';"],
    ['src/core/fixture.ts', "import { commands } from '../shared/contract/ipcContract';"],
    ['src/main/fixture.ts', "import { createEngine } from '../core/engine';"],
    ['src/server/fixture.ts', "import { readFileSync } from 'node:fs';"],
  ];

  it.each(allowed)('%s may say: %s', async (filePath, code) => {
    expect(await firedRules(filePath, `${code}\nexport {};\n`)).not.toContain('no-restricted-imports');
  });
});
