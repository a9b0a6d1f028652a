import { type KeyboardEvent, useId, useState } from 'react';
import type { User } from '../../shared/protocol/entities';
import { Avatar } from '../components/Avatar';

type RecipientFieldProps = {
  value: string;
  onChange: (text: string) => void;
  onPick: (user: User) => void;
  suggestions: readonly User[];
  error?: string | undefined;
};

/**
 * The "Recipient" combobox: a text field with matching people below it. Arrow keys move through
 * them, Enter or a click picks one, Escape closes the list (and only the list: the dialog stays).
 * Enter with no suggestion highlighted submits the form as in any other field.
 */
export function RecipientField({ value, onChange, onPick, suggestions, error }: RecipientFieldProps) {
  const id = useId();
  const listId = `${id}-list`;
  const errorId = `${id}-error`;
  const [focused, setFocused] = useState(false);
  const [dismissed, setDismissed] = useState(false);
  const [active, setActive] = useState(-1);

  const expanded = focused && !dismissed && suggestions.length > 0;
  const activeIndex = expanded && active < suggestions.length ? active : -1;
  const optionId = (index: number) => `${id}-option-${index}`;

  const pick = (user: User) => {
    onPick(user);
    setDismissed(true);
    setActive(-1);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const count = suggestions.length;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (count === 0) return;
      event.preventDefault();
      setDismissed(false);
      const down = event.key === 'ArrowDown';
      setActive(activeIndex < 0 ? (down ? 0 : count - 1) : (activeIndex + (down ? 1 : count - 1)) % count);
    } else if (event.key === 'Enter' && activeIndex >= 0) {
      event.preventDefault();
      pick(suggestions[activeIndex]!);
    } else if (event.key === 'Escape' && expanded) {
      event.stopPropagation();
      setDismissed(true);
    }
  };

  return (
    <div className="field wallet-recipient">
      <label htmlFor={id}>Recipient</label>
      <input
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        placeholder="Username"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={activeIndex >= 0 ? optionId(activeIndex) : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        value={value}
        onChange={(event) => {
          onChange(event.target.value);
          setDismissed(false);
          setActive(-1);
        }}
        onKeyDown={onKeyDown}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
      />
      <ul id={listId} role="listbox" aria-label="Matching people" className="wallet-suggestions" hidden={!expanded}>
        {expanded &&
          suggestions.map((user, index) => (
            <li
              key={user._id}
              id={optionId(index)}
              role="option"
              aria-selected={index === activeIndex}
              className={index === activeIndex ? 'is-active' : undefined}
              // Keeps the focus in the field, so the list is still open when the click lands.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => pick(user)}
            >
              <Avatar id={user._id} name={user.username} size="sm" online={user.isOnline} />
              <span dir="auto" title={user.username}>
                {user.username}
              </span>
            </li>
          ))}
      </ul>
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}
