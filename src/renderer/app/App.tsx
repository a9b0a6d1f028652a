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
  return session.user ? <MainScreen /> : <SignInScreen />;
}
