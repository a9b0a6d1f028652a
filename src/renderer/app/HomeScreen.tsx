import type { OwnUser } from '../../shared/protocol/entities';
import { api } from '../api';
import { ConnectionBanner } from '../components/ConnectionBanner';

/** The signed-in shell: who is signed in, the connection, and the way out. */
export function HomeScreen({ user }: { user: OwnUser }) {
  return (
    <div className="home">
      <header className="top-bar">
        <span className="signed-in-as">
          Signed in as <strong>{user.username}</strong>
        </span>
        <ConnectionBanner />
        <button type="button" onClick={() => void api().logOut({})}>
          Log out
        </button>
      </header>
    </div>
  );
}
