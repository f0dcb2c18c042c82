import { EntityManager, ref } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { User } from '../users/user.entity';
import { AccountToken, AccountTokenPurpose } from './account-token.entity';

/** The account_tokens table: every statement of the mailed single-use links. */
@Injectable()
export class AccountTokensRepository {
  constructor(private readonly em: EntityManager) {}

  /** The member's new link for this purpose; older ones stop working (a new request replaces them). */
  async replace(em: EntityManager, user: User, purpose: AccountTokenPurpose, tokenHash: string, expiresAt: Date): Promise<void> {
    await em.nativeDelete(AccountToken, { user: user.id, purpose });
    em.persist(new AccountToken(ref(user), purpose, tokenHash, expiresAt));
    await em.flush();
  }

  /** The user id a live (unused, unexpired) link names, without using it. */
  async holder(purpose: AccountTokenPurpose, tokenHash: string, now = new Date()): Promise<number | null> {
    const row = await this.em.fork().findOne(AccountToken, { purpose, tokenHash, expiresAt: { $gt: now } }, { fields: ['user'] });
    return row ? row.user.id : null;
  }

  /**
   * Uses a live link: deletes its row and returns whose it was, or null. Of two requests at once with the
   * same link only one deletes the row, so only one gets the user.
   */
  async take(em: EntityManager, purpose: AccountTokenPurpose, tokenHash: string, now = new Date()): Promise<number | null> {
    const row = await em.findOne(AccountToken, { purpose, tokenHash, expiresAt: { $gt: now } }, { fields: ['user'] });
    if (!row) return null;
    return (await em.nativeDelete(AccountToken, { id: row.id })) === 1 ? row.user.id : null;
  }

  /** Every link of the member for this purpose stops working. */
  async dropOf(em: EntityManager, userId: number, purpose: AccountTokenPurpose): Promise<void> {
    await em.nativeDelete(AccountToken, { user: userId, purpose });
  }
}
