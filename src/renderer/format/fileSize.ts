/**
 * A file's size as people read it, in their locale: "15 bytes", "1.2 MB". Counted in steps of
 * 1024 (as the upload limit is: MEDIA_MAX_BYTES_DEFAULT, 25 MiB, reads "25 MB"), one decimal at
 * most, with the locale's unit names (Intl.NumberFormat `style: "unit"`, ECMA-402): long for
 * bytes (the short English one is "byte" whatever the count), short for the others.
 */
const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
const formattersFor = (locale: string | undefined): Intl.NumberFormat[] =>
  UNITS.map(
    (unit, step) =>
      new Intl.NumberFormat(locale, {
        style: 'unit',
        unit,
        unitDisplay: step === 0 ? 'long' : 'short',
        maximumFractionDigits: step === 0 ? 0 : 1,
      }),
  );
/** The runtime locale's, built once (building one is costly); another locale's are built per call. */
const runtimeFormatters = formattersFor(undefined);

/** `bytes` (a non-negative integer) as "1.2 MB", in `locale` (BCP 47; the runtime's when absent). */
export function formatFileSize(bytes: number, locale?: string): string {
  let value = bytes;
  let step = 0;
  while (value >= 1024 && step < UNITS.length - 1) {
    value /= 1024;
    step++;
  }
  return (locale === undefined ? runtimeFormatters : formattersFor(locale))[step]!.format(value);
}
