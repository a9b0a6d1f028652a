import type { Message } from '../../shared/protocol/entities';

export type DeliveryState = 'Sending' | 'Sent' | 'Delivered' | 'Read';

export function deliveryState(message: Message): DeliveryState {
  if (message.isRead || message.readAt) return 'Read';
  if (message.deliveredAt) return 'Delivered';
  return 'Sent';
}

const glyphs: Record<DeliveryState, string> = { Sending: '◷', Sent: '✓', Delivered: '✓✓', Read: '✓✓' };

/** The tick beside an own message; its accessible name is the state, for screen readers and tests. */
export function StatusTick({ state }: { state: DeliveryState }) {
  return (
    <span role="img" aria-label={state} title={state} className={`tick tick-${state.toLowerCase()}`}>
      {glyphs[state]}
    </span>
  );
}
