import type { AuthService } from './auth/authService';
import { ApiError } from './apiError';

export const DEMO_PASSWORD = 'demo-password';
export const DEMO_USERS = ['alice', 'bob', 'carol'] as const;

/**
 * Demo accounts for `--demo`: created once, left alone when they already exist, so a restart
 * keeps whatever the demo users did.
 */
export async function seedDemoUsers(auth: Pick<AuthService, 'register'>): Promise<void> {
  for (const username of DEMO_USERS) {
    try {
      await auth.register({ username, email: `${username}@example.com`, password: DEMO_PASSWORD });
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'CONFLICT')) throw error;
    }
  }
}
