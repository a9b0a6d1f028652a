import { type PrimitiveAtom, type Setter, atom } from 'jotai';

const userAtoms: { atom: PrimitiveAtom<unknown>; initial: unknown }[] = [];

/**
 * An atom that holds something of the signed-in user (what they see, typed, opened, were told):
 * it goes back to `initial` whenever the user changes (`resetUserAtoms`), so nothing of one
 * user's session shows in the next one's on the same window. Every such atom is made with this,
 * not with `atom`; what is the device's (session, connection, settings) is not.
 */
export function userAtom<T>(initial: T): PrimitiveAtom<T> {
  const made = atom(initial);
  userAtoms.push({ atom: made as PrimitiveAtom<unknown>, initial });
  return made;
}

/** Whether `candidate` was made with `userAtom` (tests check that every atom holding state is one, or is the device's). */
export function isUserAtom(candidate: unknown): boolean {
  return userAtoms.some((entry) => entry.atom === candidate);
}

/** Every `userAtom` back to its initial value: called once, where the session changes user. */
export function resetUserAtoms(set: Setter): void {
  for (const { atom: held, initial } of userAtoms) set(held, initial);
}
