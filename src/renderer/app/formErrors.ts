import type { CommandError } from '../../shared/contract/ipcContract';

export type FormErrors = { form: string | null; fields: Record<string, string> };

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Spreads a refused command over the form: per-field messages where the server named a field. */
export function formErrorsFrom(error: CommandError, fieldLabels: Record<string, string>): FormErrors {
  const fields: Record<string, string> = {};
  for (const detail of error.details ?? []) {
    const label = fieldLabels[detail.field];
    if (label && !fields[detail.field]) fields[detail.field] = `${label} ${detail.message}.`;
  }
  const form = Object.keys(fields).length > 0 ? null : capitalize(error.message);
  return { form, fields };
}

export const noErrors: FormErrors = { form: null, fields: {} };
