import { type Ref, useId } from 'react';
import { useLengthLimit } from './useLengthLimit';

type TextFieldProps = {
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'email' | 'password';
  autoComplete?: string;
  inputMode?: 'text' | 'decimal';
  maxLength?: number;
  /**
   * The protocol's limit for this field, counted as the server counts: the field cuts what goes
   * over it and says so, and shows what is left near it (`useLengthLimit`). Unlike `maxLength`,
   * which cuts a paste without a word.
   */
  limit?: number | undefined;
  placeholder?: string;
  /** Shown inside the field before the text (the currency of an amount, where the locale writes it first). */
  prefix?: string | undefined;
  /** Shown inside the field after the text (the currency where the locale writes it last: "12,50 $"). */
  suffix?: string | undefined;
  error?: string | undefined;
  inputRef?: Ref<HTMLInputElement>;
};

/** A labelled input whose error is announced with it (aria-describedby). */
export function TextField({
  label,
  value,
  onChange,
  type = 'text',
  autoComplete,
  inputMode,
  maxLength,
  limit,
  placeholder,
  prefix,
  suffix,
  error,
  inputRef,
}: TextFieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  const length = useLengthLimit(value, limit ?? Number.POSITIVE_INFINITY);
  const describedBy = [error ? errorId : undefined, length.describedBy].filter(Boolean).join(' ') || undefined;
  const input = (
    <input
      ref={inputRef}
      id={id}
      type={type}
      value={value}
      autoComplete={autoComplete}
      inputMode={inputMode}
      // A name, a note, a title: typed text takes its own direction (Arabic starts at the right).
      dir="auto"
      maxLength={maxLength}
      placeholder={placeholder}
      aria-invalid={error ? true : undefined}
      aria-describedby={describedBy}
      onChange={(event) => onChange(length.accept(event))}
      onPaste={length.onPaste}
    />
  );
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {prefix || suffix ? (
        <div className="input-with-prefix">
          {prefix && (
            <span className="input-prefix" aria-hidden="true">
              {prefix}
            </span>
          )}
          {input}
          {suffix && (
            <span className="input-suffix" aria-hidden="true">
              {suffix}
            </span>
          )}
        </div>
      ) : (
        input
      )}
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
      {limit !== undefined && length.status}
    </div>
  );
}
