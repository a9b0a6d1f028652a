import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import EmojiPicker from 'emoji-picker-react';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src/main/appProtocol';
import { webClientCsp } from '../../src/launcher/webClientServer';
import { EMOJI_PICKER_STYLE_HASHES, STYLE_SRC } from '../../src/shared/contract/pageStyles';

/** The texts of the `<style>` elements the emoji picker renders (server-side, as in a browser: same CSS). */
function pickerStyles(): string[] {
  const html = renderToString(createElement(EmojiPicker));
  return [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((match) => match[1]!);
}

const hashOf = (css: string) => `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`;

describe("the pages' style-src", () => {
  it("allows exactly the emoji picker's stylesheets by hash (a new version of it must update them)", () => {
    const styles = pickerStyles();
    expect(styles.length).toBeGreaterThan(0);
    expect(styles.map(hashOf).sort()).toEqual([...EMOJI_PICKER_STYLE_HASHES].sort());
  });

  it("never allows inline styles wholesale: 'self' and the hashes only", () => {
    expect(STYLE_SRC).not.toContain('unsafe-inline');
    expect(STYLE_SRC.split(' ')).toEqual(['style-src', "'self'", ...EMOJI_PICKER_STYLE_HASHES]);
  });

  it('is the same in the desktop header, its page and the web client', () => {
    const directive = (policy: string) => policy.split(/;\s*/).find((part) => part.startsWith('style-src'));
    expect(directive(CONTENT_SECURITY_POLICY)).toBe(STYLE_SRC);
    expect(directive(webClientCsp('http://127.0.0.1:3000'))).toBe(STYLE_SRC);
    const page = readFileSync(fileURLToPath(new URL('../../src/renderer/index.html', import.meta.url)), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(page)?.[1] ?? '';
    expect(directive(meta)).toBe(STYLE_SRC);
  });
});
