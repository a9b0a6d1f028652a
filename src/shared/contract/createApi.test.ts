import { describe, expect, it, vi } from 'vitest';
import { type ApiTransport, createApi } from './createApi';
import { hostCommandNames } from './hostContract';
import { commandNames } from './ipcContract';

function fakeTransport() {
  const listeners = new Set<Parameters<ApiTransport['subscribe']>[0]>();
  const transport: ApiTransport = {
    invoke: vi.fn(async () => ({ ok: true as const, data: null })),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    transport,
    emit: (event: string, payload: unknown) => listeners.forEach((l) => l({ event, payload } as never)),
  };
}

describe('createApi', () => {
  it("exposes one function per command (the engine's and the host's) and `on`, nothing else, frozen", () => {
    const api = createApi(fakeTransport().transport);
    expect(Object.keys(api).sort()).toEqual([...commandNames, ...hostCommandNames, 'on'].sort());
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('routes a command to the transport by its name', async () => {
    const { transport } = fakeTransport();
    await createApi(transport).logIn({ login: 'alice', password: 'secret' });
    expect(transport.invoke).toHaveBeenCalledWith('logIn', { login: 'alice', password: 'secret' });
  });

  // Events come from our own engine (or host) on both transports: delivered as given, not parsed
  // again (src/README.md, "One contract, validated once at each boundary").
  it('delivers the payloads of the subscribed event as the transport gives them, until stopped', () => {
    const { transport, emit } = fakeTransport();
    const listener = vi.fn();
    const stop = createApi(transport).on('connectionStatus', listener);
    const status = { state: 'online', nextRetryAt: null, reason: null };
    emit('connectionStatus', status);
    emit('session', { user: null, serverUrl: 'x', endedReason: null });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]![0]).toBe(status);
    stop();
    emit('connectionStatus', { state: 'online', nextRetryAt: null, reason: null });
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('routes host-only commands through the same transport', async () => {
    const { transport } = fakeTransport();
    await createApi(transport).downloadUpdate({});
    expect(transport.invoke).toHaveBeenCalledWith('downloadUpdate', {});
  });

  it('refuses events outside the contract', () => {
    const api = createApi(fakeTransport().transport);
    expect(() => api.on('anything' as never, () => {})).toThrow(/No event/);
  });
});
