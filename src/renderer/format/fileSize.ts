/**
 * A file's size as people read it, in their locale: "512 byte", "1.2 MB". Counted in steps of
 * 1024 (as the upload limit is: MEDIA_MAX_BYTES_DEFAULT, 25 MiB, reads "25 MB"), with the
 * locale's short unit names (Intl.NumberFormat `style: "unit"`, ECMA-402), one decimal at most.
 * Formatters are built once (they are costly).
 */
const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
const formatters = UNITS.map(
  (unit, step) =>
    new Intl.NumberFormat(undefined, {
      style: 'unit',
      unit,
      unitDisplay: 'short',
      maximumFractionDigits: step === 0 ? 0 : 1,
    }),
);

/** `bytes` (a non-negative integer) as "1.2 MB". */
export function formatFileSize(bytes: number): string {
  let value = bytes;
  let step = 0;
  while (value >= 1024 && step < UNITS.length - 1) {
    value /= 1024;
    step++;
  }
  return formatters[step]!.format(value);
}
