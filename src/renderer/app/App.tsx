import { useAtomValue } from 'jotai';
import { sessionAtom } from '../state/atoms';
import { useHostEvents } from '../state/useHostEvents';
import { HomeScreen } from './HomeScreen';
import { SignInScreen } from './SignInScreen';

export function App() {
  useHostEvents();
  const session = useAtomValue(sessionAtom);
  if (session === null) return <p className="loading">Loading…</p>;
  return session.user ? <HomeScreen user={session.user} /> : <SignInScreen />;
}
