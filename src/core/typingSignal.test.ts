import { ManualClock } from '../../tests/doubles/memoryPorts';
import { describe, expect, it } from 'vitest';
import { TYPING_IDLE_MS, TYPING_REFRESH_MS, TypingSignal } from './typingSignal';

function setup() {
  const clock = new ManualClock();
  const sent: string[] = [];
  const signal = new TypingSignal({ clock, send: (id, typing) => sent.push(`${id}:${typing ? 'start' : 'stop'}`) });
  return { clock, sent, signal };
}

describe('TypingSignal', () => {
  it('sends one start per refresh period while keys keep coming, then stops after quiet', () => {
    const { clock, sent, signal } = setup();
    for (let elapsed = 0; elapsed < TYPING_REFRESH_MS * 2; elapsed += 500) {
      signal.typed('c');
      clock.advance(500);
    }
    expect(sent).toEqual(['c:start', 'c:start']); // at 0 and at TYPING_REFRESH_MS
    clock.advance(TYPING_IDLE_MS);
    expect(sent.at(-1)).toBe('c:stop');
    expect(sent).toHaveLength(3);
  });

  it('stops on send and when the user moves to another conversation', () => {
    const { sent, signal } = setup();
    signal.typed('a');
    signal.typed('b');
    signal.stop('a'); // not the active one: nothing
    signal.stop('b');
    signal.stop();
    expect(sent).toEqual(['a:start', 'a:stop', 'b:start', 'b:stop']);
  });
});
