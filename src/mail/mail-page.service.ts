import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { ADVISORY_ID } from '../advisories/advisory-format';
import { FieldErrors } from '../common/forms/form-invalid.exception';
import { FormPage, refusal } from '../common/forms/show-form-again';
import { rowId } from '../common/http/row-id';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { Viewer } from '../policy/viewer';
import { ThreadHead, ThreadPageService } from '../threads/thread-page.service';
import { UsersService } from '../users/users.service';
import { MailService } from './mail.service';
import { OUTBOX_STATUSES, OutboxMail, outboxBody, OutboxMailStatus } from './outbox-mail.entity';
import { outboxMailPath, outboxPath, threadPath, unsubscribePath, WATCHES_PATH, watchesPath } from '../paths';

/** The mail pages: a member's watches, the unsubscribe confirmation and its answer, the admins' outbox; and the thread an email choice names. */
@Injectable()
export class MailPageService {
  constructor(
    private readonly mail: MailService,
    private readonly threads: ThreadPageService,
    private readonly policy: PolicyService,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The thread whose email choice the viewer may set: 404 when it is not there for them, else 403 when they may not. */
  async emailable(rawId: string, viewer: Viewer): Promise<ThreadHead> {
    const { head } = await this.threads.head(rawId, viewer);
    this.policy.ensure(viewer, Action.WatchByEmail, head);
    return head;
  }

  async emailRefused(rawId: string, viewer: Viewer, errors: FieldErrors): Promise<FormPage> {
    await this.emailable(rawId, viewer);
    return refusal('form.refused', errors);
  }

  /** The member's watched advisories, each with its email choice; here is the page's own address, for the forms to come back to. */
  async watches(viewer: Viewer, before: string | undefined, here: string) {
    const { items, nextBefore } = await this.mail.watchesOf(viewer.id!, rowId(before));
    const user = await this.users.findById(viewer.id!);
    return {
      titleKey: 'mail.watches.title',
      email: user?.email ?? '',
      here,
      watches: items.map((w) => ({
        advisoryId: w.advisory.id,
        title: w.advisory.getEntity().title,
        threadUrl: threadPath(w.advisory.id),
        email: w.emailEnabled,
        since: w.createdAt,
      })),
      nextUrl: nextBefore ? watchesPath(nextBefore) : null,
    };
  }

  /** The confirmation a mail's link opens, or the page saying its token is not valid (400). */
  async unsubscribe(token: unknown): Promise<{ status: 200 | 400; model: object }> {
    const claim = this.mail.tokens.verify(token);
    if (!claim) return { status: 400, model: this.unsubscribeInvalid() };
    return {
      status: 200,
      model: {
        titleKey: 'mail.unsubscribe.title',
        advisoryId: claim.advisoryId,
        advisoryTitle: (await this.mail.advisoryTitle(claim.advisoryId)) ?? '',
        action: unsubscribePath(token as string),
      },
    };
  }

  unsubscribeInvalid() {
    return { titleKey: 'mail.unsubscribe.title', invalid: true };
  }

  unsubscribed(advisory: unknown) {
    const id = typeof advisory === 'string' && ADVISORY_ID.test(advisory) ? advisory : null;
    return {
      titleKey: 'mail.unsubscribed.title',
      advisoryId: id,
      threadUrl: id ? threadPath(id) : null,
      settingsUrl: WATCHES_PATH,
    };
  }

  /** Admins: every mail, newest first, with its delivery state. */
  async outbox(viewer: Viewer, before: string | undefined, rawStatus: string | undefined) {
    this.policy.ensure(viewer, Action.ViewOutbox);
    const status = OUTBOX_STATUSES.includes(rawStatus as OutboxMailStatus) ? (rawStatus as OutboxMailStatus) : null;
    const { items, nextBefore } = await this.mail.list(rowId(before), status);
    return {
      titleKey: 'mail.outbox.title',
      smtpOff: !this.config.mail.smtpUrl,
      filters: [null, ...OUTBOX_STATUSES].map((s) => ({
        url: outboxPath({ status: s }),
        key: s ? `mail.outbox.status.${s}` : 'mail.outbox.all',
        current: s === status,
      })),
      mails: items.map(row),
      nextUrl: nextBefore ? outboxPath({ status, before: nextBefore }) : null,
    };
  }

  async outboxMail(viewer: Viewer, rawId: string) {
    this.policy.ensure(viewer, Action.ViewOutbox);
    const id = rowId(rawId);
    const mail = id ? await this.mail.find(id) : null;
    if (!mail) throw new NotFoundException();
    return {
      title: mail.subject,
      mail: {
        ...row(mail),
        body: outboxBody(mail.kind, mail.body),
        messageId: mail.messageId,
        unsubscribeUrl: mail.unsubscribeUrl,
        nextAttemptAt: mail.status === 'pending' && this.config.mail.smtpUrl ? mail.nextAttemptAt : null,
        from: this.config.mail.from,
      },
    };
  }
}

function row(m: Omit<OutboxMail, 'body'>) {
  return {
    id: m.id,
    url: outboxMailPath(m.id),
    status: m.status,
    statusKey: `mail.outbox.status.${m.status}`,
    kindKey: `mail.outbox.kind.${m.kind}`,
    to: m.toAddress,
    subject: m.subject,
    attempts: m.attempts,
    lastError: m.lastError,
    createdAt: m.createdAt,
    sentAt: m.sentAt,
  };
}
