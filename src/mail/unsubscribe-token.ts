import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { ADVISORY_ID } from '../advisories/advisory-format';

export interface UnsubscribeClaim {
  userId: number;
  advisoryId: string;
}

/**
 * Tokens for the one-click unsubscribe link: "<userId>.<advisoryId>.<HMAC>", signed with a key derived
 * from SESSION_SECRET (never the secret itself). The signature covers both ids, so a token turns off
 * exactly one member's email for exactly one advisory and cannot be altered to name another watch.
 */
export class UnsubscribeTokens {
  private readonly key: Buffer;

  constructor(sessionSecret: string) {
    this.key = Buffer.from(hkdfSync('sha256', sessionSecret, 'hfr-bbs', 'mail-unsubscribe-v1', 32));
  }

  sign(claim: UnsubscribeClaim): string {
    const payload = `${claim.userId}.${claim.advisoryId}`;
    return `${payload}.${this.mac(payload)}`;
  }

  /** The claim of an untampered token; null for anything else. */
  verify(token: unknown): UnsubscribeClaim | null {
    if (typeof token !== 'string' || token.length > 200) return null;
    const m = /^(\d{1,10})\.([A-Z0-9-]{1,20})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!m || !ADVISORY_ID.test(m[2])) return null;
    const expected = Buffer.from(this.mac(`${m[1]}.${m[2]}`));
    const given = Buffer.from(m[3]);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return { userId: Number(m[1]), advisoryId: m[2] };
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(`unsubscribe:${payload}`).digest('base64url');
  }
}
