import { useAtomValue } from 'jotai';
import { sessionAtom } from '../state/atoms';
import { useHostEvents } from '../state/useHostEvents';
import { useTheme } from '../settings/useTheme';
import { MainScreen } from './MainScreen';
import { SignInScreen } from './SignInScreen';

export function App() {
  useHostEvents();
  useTheme();
  const session = useAtomValue(sessionAtom);
  if (session === null) return <p className="loading">Loading…</p>;
  // Keyed by the user: another user gets a new screen, with none of the last one's component
  // state (what was typed, searched, scrolled, opened). Their atoms were reset by the same change.
  return session.user ? <MainScreen key={session.user._id} /> : <SignInScreen />;
}
