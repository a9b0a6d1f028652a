import { type ReactNode, useId } from 'react';

type Option<T extends string> = { value: T; label: string; hint?: string };

/** A titled section of the settings dialog, named by its heading. */
export function SettingsSection({ title, children }: { title: string; children: ReactNode }) {
  const headingId = useId();
  return (
    <section className="settings-section" aria-labelledby={headingId}>
      <h3 id={headingId} className="settings-section-title">
        {title}
      </h3>
      {children}
    </section>
  );
}

/** One choice among a few, as radio buttons named by `label` (a radiogroup, arrow keys move). */
export function RadioGroup<T extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: T;
  options: readonly Option<T>[];
  onChange: (value: T) => void;
}) {
  const name = useId();
  const legendId = `${name}-legend`;
  return (
    <fieldset className="settings-radio-group" role="radiogroup" aria-labelledby={legendId}>
      <legend id={legendId}>{label}</legend>
      <div className="settings-radio-options">
        {options.map((option) => {
          const id = `${name}-${option.value}`;
          return (
            <div key={option.value} className="settings-radio">
              <input
                id={id}
                type="radio"
                name={name}
                value={option.value}
                checked={value === option.value}
                aria-describedby={option.hint ? `${id}-hint` : undefined}
                onChange={() => onChange(option.value)}
              />
              {/* The hint sits outside the label so the option's name stays just its label. */}
              <label htmlFor={id}>{option.label}</label>
              {option.hint && (
                <span id={`${id}-hint`} className="settings-hint">
                  {option.hint}
                </span>
              )}
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

/** An on/off setting: a checkbox (drawn as a switch) named by `label`, with an optional hint. */
export function Toggle({
  label,
  hint,
  checked,
  onChange,
}: {
  label: string;
  hint?: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const id = useId();
  return (
    <div className="settings-toggle">
      <span className="settings-toggle-text">
        <label htmlFor={id}>{label}</label>
        {hint && (
          <span id={`${id}-hint`} className="settings-hint">
            {hint}
          </span>
        )}
      </span>
      <input
        id={id}
        type="checkbox"
        className="switch"
        checked={checked}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(event) => onChange(event.target.checked)}
      />
    </div>
  );
}
