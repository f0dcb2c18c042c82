import argon2 from 'argon2';
import { LIMITS } from '../common/limits';

export const PASSWORD_MIN = LIMITS.passwordMin;
export const PASSWORD_MAX = LIMITS.password;

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** The one password rule: a catalog key when broken, null when fine. */
export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  return length < PASSWORD_MIN || length > PASSWORD_MAX ? 'password.length' : null;
}

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

let dummy: Promise<string> | null = null;

/**
 * Verifies a password; with no hash (unknown user) it still spends the same work on a dummy hash,
 * so the answer time does not tell whether a username exists.
 */
export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (!hash) {
    dummy ??= hashPassword('dummy-password-for-timing');
    await argon2.verify(await dummy, password).catch(() => false);
    return false;
  }
  return argon2.verify(hash, password).catch(() => false);
}
