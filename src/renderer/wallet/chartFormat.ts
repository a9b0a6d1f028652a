/** "Mar 4": a day on the chart's axis and in its summary; built once (Intl formatters are costly). */
export const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
