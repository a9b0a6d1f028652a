import type { Receipt } from './receipts';

/** A shape for each level, so none is told apart by colour alone. */
const glyphs: Record<Receipt['level'], string> = {
  sending: '◷',
  sent: '✓',
  delivered: '✓✓',
  'read-by-some': '✓✓',
  read: '✓✓',
};

/**
 * The tick beside an own message. Its accessible name (and tooltip) is the receipt's label, for
 * screen readers and tests; a group's partial read also shows its count ("1/2") beside the ticks,
 * and a read message's ticks sit in a filled badge.
 */
export function StatusTick({ receipt }: { receipt: Receipt }) {
  return (
    <span role="img" aria-label={receipt.label} title={receipt.label} className={`tick tick-${receipt.level}`}>
      <span aria-hidden="true">{glyphs[receipt.level]}</span>
      {receipt.count && (
        <span className="tick-count" aria-hidden="true">
          {receipt.count}
        </span>
      )}
    </span>
  );
}
