import { DateTimeType, Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Ref } from '@mikro-orm/core';
import { User } from '../users/user.entity';

export type OutboxMailKind = 'known-issue' | 'status' | 'digest' | 'match' | 'match-digest' | AccountMailKind;
/** Mails whose link is a secret of their recipient's (a password reset, an address confirmation). */
export type AccountMailKind = 'password-reset' | 'confirm-email';
const ACCOUNT_KINDS: readonly string[] = ['password-reset', 'confirm-email'] satisfies AccountMailKind[];

/** A mail's text as admins may read it in the outbox: an account mail's link is a secret of its recipient's. */
export function outboxBody(kind: OutboxMailKind, body: string): string {
  return ACCOUNT_KINDS.includes(kind) ? body.replace(/([?&]token=)[^\s]+/g, '$1…') : body;
}
// Plain strings, not @Enum: MikroORM 6's SQLite introspection misreads check constraints of 3+ items.
export type OutboxMailStatus = 'pending' | 'sent' | 'failed';
export const OUTBOX_STATUSES: readonly OutboxMailStatus[] = ['pending', 'sent', 'failed'];

/**
 * One mail, written in the same transaction as the event that causes it (a transactional outbox);
 * the background sender delivers it later, so a mail server that is down never fails a request.
 */
@Entity({ tableName: 'mail_outbox' })
@Index({ name: 'mail_outbox_due_idx', properties: ['status', 'nextAttemptAt'] })
export class OutboxMail {
  [OptionalProps]?: 'status' | 'attempts' | 'lastError' | 'createdAt' | 'sentAt' | 'nextAttemptAt' | 'unsubscribeUrl';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => User, { ref: true, nullable: true, deleteRule: 'set null' })
  user: Ref<User> | null;

  @Property({ type: 'string', length: 16 })
  kind: OutboxMailKind;

  /** The address as it was when the mail was written. */
  @Property({ type: 'string', length: 254 })
  toAddress: string;

  @Property({ type: 'string', length: 300 })
  subject: string;

  /** Plain UTF-8 text. */
  @Property({ type: 'text' })
  body: string;

  /** The one-click unsubscribe address (List-Unsubscribe, RFC 8058). */
  @Property({ type: 'text', nullable: true })
  unsubscribeUrl: string | null = null;

  /** Fixed when written, so a retry after an ambiguous failure carries the same Message-ID. */
  @Property({ type: 'string', length: 200 })
  messageId: string;

  @Property({ type: 'string', length: 8 })
  status: OutboxMailStatus = 'pending';

  @Property({ type: 'integer' })
  attempts = 0;

  /** When the sender may next try; claiming a mail moves it forward, so two senders never take the same one. */
  @Property({ type: DateTimeType })
  nextAttemptAt: Date = new Date();

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Property({ type: DateTimeType })
  createdAt: Date = new Date();

  @Property({ type: DateTimeType, nullable: true })
  sentAt: Date | null = null;

  constructor(user: Ref<User> | null, kind: OutboxMailKind, toAddress: string, subject: string, body: string, messageId: string) {
    this.user = user;
    this.kind = kind;
    this.toAddress = toAddress;
    this.subject = subject;
    this.body = body;
    this.messageId = messageId;
  }
}
