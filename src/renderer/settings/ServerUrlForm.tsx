import { useAtomValue } from 'jotai';
import { type FormEvent, useState } from 'react';
import { api } from '../api';
import { formErrorsFrom } from '../app/formErrors';
import { TextField } from '../components/TextField';
import { sessionAtom } from '../state/atoms';
import { checkServerUrl, sameServer } from './serverUrl';
import './settings.css';

type ServerUrlFormProps = {
  /** Said above the field, e.g. that changing the server signs you out. */
  warning?: string;
  /** Called once the host has switched to the new server. */
  onChanged?: () => void;
  /** Shows a Cancel button that calls this. */
  onCancel?: () => void;
};

/**
 * The server this app talks to, and a way to point it elsewhere. The address is checked here
 * first: the host ends the session when it switches, so only a usable address is sent.
 */
export function ServerUrlForm({ warning, onChanged, onCancel }: ServerUrlFormProps) {
  const current = useAtomValue(sessionAtom)?.serverUrl ?? '';
  const [text, setText] = useState(current);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const checked = checkServerUrl(text);
    if (!checked.ok) return setFieldError(checked.error);
    if (sameServer(checked.url, current)) return setFieldError('This app already uses that server.');
    setFieldError(undefined);
    setBusy(true);
    const result = await api().setServerUrl({ url: checked.url });
    setBusy(false);
    if (result.ok) return onChanged?.();
    const errors = formErrorsFrom(result.error, { url: 'Server URL' });
    setFieldError(errors.fields.url);
    setFormError(errors.form);
  };

  return (
    <form className="server-url-form" noValidate onSubmit={(event) => void submit(event)}>
      {warning && <p className="server-url-warning">{warning}</p>}
      <TextField
        label="Server URL"
        value={text}
        onChange={(value) => {
          setText(value);
          setFieldError(undefined);
        }}
        autoComplete="url"
        error={fieldError}
      />
      {formError && (
        <p className="form-error" role="alert">
          {formError}
        </p>
      )}
      <div className="server-url-actions">
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" disabled={busy}>
          Change server
        </button>
      </div>
    </form>
  );
}
