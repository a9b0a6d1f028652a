import { type FormEvent, type RefObject, useEffect, useRef, useState } from 'react';
import { useAtomValue } from 'jotai';
import { api } from '../api';
import { TextField } from '../components/TextField';
import { HostNoticeBar } from '../desktop/HostNoticeBar';
import { ServerChoice } from '../settings/ServerChoice';
import { sessionAtom } from '../state/atoms';
import { type FormErrors, formErrorsFrom, noErrors } from './formErrors';
import { USERNAME_MAX_LENGTH } from '../../shared/protocol/auth';

/**
 * Puts the caret in a form's first field when the form appears: on opening the screen and after
 * switching between "Log in" and "Create account" (each switch mounts the other form), so a person
 * can type at once instead of reaching for the mouse.
 */
function useFocusOnMount(field: RefObject<HTMLInputElement | null>): void {
  useEffect(() => field.current?.focus(), [field]);
}

function LogInForm() {
  const first = useRef<HTMLInputElement>(null);
  useFocusOnMount(first);
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const result = await api().logIn({ login: login.trim(), password });
    setBusy(false);
    setErrors(
      result.ok ? noErrors : formErrorsFrom(result.error, { login: 'Username or email', password: 'Password' }),
    );
  };

  return (
    <form className="auth-form" aria-label="Log in" onSubmit={(event) => void submit(event)}>
      <TextField
        label="Username or email"
        inputRef={first}
        value={login}
        onChange={setLogin}
        autoComplete="username"
        error={errors.fields.login}
      />
      <TextField
        label="Password"
        type="password"
        value={password}
        onChange={setPassword}
        autoComplete="current-password"
        error={errors.fields.password}
      />
      {errors.form && (
        <p className="form-error" role="alert">
          {errors.form}
        </p>
      )}
      <button type="submit" disabled={busy || login.trim() === '' || password === ''}>
        Log in
      </button>
    </form>
  );
}

function CreateAccountForm() {
  const first = useRef<HTMLInputElement>(null);
  useFocusOnMount(first);
  const [username, setUsername] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const result = await api().register({ username: username.trim(), email: email.trim(), password });
    setBusy(false);
    setErrors(
      result.ok
        ? noErrors
        : formErrorsFrom(result.error, { username: 'Username', email: 'Email', password: 'Password' }),
    );
  };

  return (
    <form className="auth-form" aria-label="Create account" onSubmit={(event) => void submit(event)}>
      <TextField
        label="Username"
        inputRef={first}
        value={username}
        onChange={setUsername}
        autoComplete="username"
        limit={USERNAME_MAX_LENGTH}
        error={errors.fields.username}
      />
      <TextField
        label="Email"
        type="email"
        value={email}
        onChange={setEmail}
        autoComplete="email"
        error={errors.fields.email}
      />
      <TextField
        label="Password"
        type="password"
        value={password}
        onChange={setPassword}
        autoComplete="new-password"
        error={errors.fields.password}
      />
      {errors.form && (
        <p className="form-error" role="alert">
          {errors.form}
        </p>
      )}
      <button type="submit" disabled={busy}>
        Create account
      </button>
    </form>
  );
}

/** Log in, or create an account; shows why the last session ended, if it ended by itself. */
export function SignInScreen() {
  const [mode, setMode] = useState<'log-in' | 'create'>('log-in');
  const session = useAtomValue(sessionAtom);
  return (
    <main className="sign-in">
      {/* Before signing in too: "no keyring, your sign-in is kept in memory" matters here. */}
      <HostNoticeBar />
      <h1>Messenger</h1>
      {session?.endedReason && (
        <p className="notice" role="alert">
          {session.endedReason}
        </p>
      )}
      {mode === 'log-in' ? <LogInForm /> : <CreateAccountForm />}
      <button type="button" className="link" onClick={() => setMode(mode === 'log-in' ? 'create' : 'log-in')}>
        {mode === 'log-in' ? 'New here? Create an account' : 'Have an account? Log in'}
      </button>
      <ServerChoice />
    </main>
  );
}
