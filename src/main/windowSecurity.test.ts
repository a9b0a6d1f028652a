import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { safeExternalUrl } from './externalLinks';
import { lockDownAllContents, lockDownContents, restrictPermissions } from './windowSecurity';

function fakeContents() {
  let openHandler: (details: { url: string }) => { action: string } = () => ({ action: 'allow' });
  const emitter = new EventEmitter();
  return Object.assign(emitter, {
    setWindowOpenHandler: vi.fn((handler: typeof openHandler) => void (openHandler = handler)),
    open: (url: string) => openHandler({ url }),
    fire(event: string, url?: string) {
      const e = { preventDefault: vi.fn() };
      emitter.emit(event, e, url);
      return e.preventDefault.mock.calls.length > 0;
    },
  });
}

function setUp() {
  const contents = fakeContents();
  const openExternal = vi.fn(async () => {});
  lockDownContents(contents as never, { appOrigin: 'app://messenger', openExternal });
  return { contents, openExternal };
}

describe('safeExternalUrl', () => {
  it('lets plain web addresses through and nothing else', () => {
    expect(safeExternalUrl('https://example.com/a?b=c')).toBe('https://example.com/a?b=c');
    expect(safeExternalUrl('http://example.com')).toBe('http://example.com/');
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'ms-msdt:/id',
      'https://user:pass@example.com/',
      'https://',
      'not a url',
    ]) {
      expect(safeExternalUrl(url)).toBeNull();
    }
  });
});

describe('lockDownContents', () => {
  it('stays on our pages: other navigation is refused, web links go to the browser', () => {
    const { contents, openExternal } = setUp();
    expect(contents.fire('will-navigate', 'app://messenger/index.html')).toBe(false);
    expect(contents.fire('will-navigate', 'https://example.com/')).toBe(true);
    expect(contents.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.fire('will-navigate', 'app://messenger.evil/')).toBe(true);
    expect(openExternal.mock.calls).toEqual([['https://example.com/']]);
  });

  it('denies every new window, opening only checked web links in the browser', () => {
    const { contents, openExternal } = setUp();
    expect(contents.open('https://example.com/x')).toEqual({ action: 'deny' });
    expect(contents.open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(contents.open('app://messenger/index.html')).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://example.com/x']]);
  });

  it('refuses redirects away from our pages and every webview', () => {
    const { contents } = setUp();
    expect(contents.fire('will-redirect', 'https://example.com/')).toBe(true);
    expect(contents.fire('will-attach-webview')).toBe(true);
  });

  it('is applied to every web contents the app creates', () => {
    const app = new EventEmitter();
    lockDownAllContents(app as never, { appOrigin: 'app://messenger', openExternal: vi.fn(async () => {}) });
    const contents = fakeContents();
    app.emit('web-contents-created', {}, contents);
    expect(contents.setWindowOpenHandler).toHaveBeenCalled();
    expect(contents.fire('will-navigate', 'https://example.com/')).toBe(true);
  });
});

describe('restrictPermissions', () => {
  const install = () => {
    const handlers: Record<string, (...args: unknown[]) => unknown> = {};
    const session = {
      setPermissionRequestHandler: (h: never) => void (handlers.request = h),
      setPermissionCheckHandler: (h: never) => void (handlers.check = h),
      setDevicePermissionHandler: (h: never) => void (handlers.device = h),
    };
    restrictPermissions(session as never, 'app://messenger');
    return handlers;
  };

  it('refuses every permission request and check, and every device', () => {
    const handlers = install();
    const callback = vi.fn();
    handlers.request!({}, 'media', callback, { requestingUrl: 'app://messenger/index.html' });
    expect(callback).toHaveBeenCalledWith(false);
    expect(handlers.check!({}, 'notifications', 'app://messenger')).toBe(false);
    expect(handlers.check!({}, 'clipboard-read', 'app://messenger')).toBe(false);
    expect(handlers.device!({})).toBe(false);
  });

  it('lets only our own pages write to the clipboard', () => {
    const handlers = install();
    const ours = vi.fn();
    handlers.request!({}, 'clipboard-sanitized-write', ours, { requestingUrl: 'app://messenger/index.html' });
    expect(ours).toHaveBeenCalledWith(true);
    expect(handlers.check!({}, 'clipboard-sanitized-write', 'app://messenger')).toBe(true);
    const theirs = vi.fn();
    handlers.request!({}, 'clipboard-sanitized-write', theirs, { requestingUrl: 'app://messenger.evil/x' });
    expect(theirs).toHaveBeenCalledWith(false);
    expect(handlers.check!({}, 'clipboard-sanitized-write', 'https://example.com')).toBe(false);
  });
});
