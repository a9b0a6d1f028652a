import { type Ref, useId } from 'react';

type PaymentFieldProps = {
  label: string;
  value: string;
  onChange: (value: string) => void;
  inputMode?: 'text' | 'decimal';
  maxLength?: number;
  placeholder?: string;
  /** Shown inside the field before the text (the currency of an amount). */
  prefix?: string;
  error?: string | undefined;
  inputRef?: Ref<HTMLInputElement>;
};

/** A labelled text field of the payment form, its error announced with it. */
export function PaymentField({
  label,
  value,
  onChange,
  inputMode,
  maxLength,
  placeholder,
  prefix,
  error,
  inputRef,
}: PaymentFieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="wallet-input">
        {prefix && (
          <span className="wallet-input-prefix" aria-hidden="true">
            {prefix}
          </span>
        )}
        <input
          ref={inputRef}
          id={id}
          type="text"
          autoComplete="off"
          inputMode={inputMode}
          maxLength={maxLength}
          placeholder={placeholder}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      </div>
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}
