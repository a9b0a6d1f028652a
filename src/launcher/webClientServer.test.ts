import { describe, expect, it } from 'vitest';
import { webClientCsp } from './webClientServer';

describe('webClientCsp', () => {
  const directives = (serverUrl: string) =>
    Object.fromEntries(
      webClientCsp(serverUrl)
        .split('; ')
        .map((directive) => {
          const [name, ...sources] = directive.split(' ');
          return [name, sources];
        }),
    );

  it("lets images come from the page's own blob: URLs (fetched media) and nowhere else new", () => {
    const csp = directives('http://127.0.0.1:3000');
    expect(csp['img-src']).toEqual(["'self'", 'data:', 'blob:']);
    // Only images: blob: scripts, frames or workers would run bytes someone uploaded.
    for (const name of ['default-src', 'script-src', 'style-src', 'connect-src']) {
      expect(csp[name]).not.toContain('blob:');
    }
    expect(csp['default-src']).toEqual(["'none'"]);
    expect(csp['connect-src']).toEqual(["'self'", 'http://127.0.0.1:3000', 'ws://127.0.0.1:3000']);
  });
});
