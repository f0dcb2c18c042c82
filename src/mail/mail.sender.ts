import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';
import { APP_CONFIG, AppConfig } from '../config/config';
import { MailRepository } from './mail.repository';
import { OutboxMail, outboxBody } from './outbox-mail.entity';

/** A claimed mail is left alone this long: a sender that died mid-send gives it back when this passes. */
const LEASE_MS = 10 * 60 * 1000;
const MAX_BACKOFF_MS = 6 * 60 * 60 * 1000;
const BATCH = 20;

export interface DeliveryResult {
  sent: number;
  retrying: number;
  failed: number;
}

/**
 * Delivers the outbox in the background, never inside a request: claims each due mail, sends it
 * through SMTP_URL, and marks it sent; a failure is recorded and retried with exponential backoff
 * until MAIL_MAX_ATTEMPTS (a permanent 5xx refusal of the recipient or message fails at once).
 */
@Injectable()
export class MailSender implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Mail');
  private timer: NodeJS.Timeout | null = null;
  private transport: Transporter | null = null;
  /** Passes run one after another; the timer skips a tick while one is still running. */
  private chain: Promise<unknown> = Promise.resolve();
  private busy = false;

  constructor(
    private readonly mails: MailRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const { smtpUrl, sendIntervalSeconds } = this.config.mail;
    if (!smtpUrl || sendIntervalSeconds === 0) return;
    this.timer = setInterval(() => {
      if (this.busy) return;
      this.deliverDue().catch((err: Error) => this.logger.warn(`delivering mail failed: ${err.message}`));
    }, sendIntervalSeconds * 1000);
  }

  /** Stops the timer and waits for a pass under way, so the database is not closed beneath it. */
  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.chain.catch(() => undefined);
    this.transport?.close();
    this.transport = null;
  }

  /** One pass over every mail due now. Without SMTP_URL nothing is sent: mails stay in the outbox. */
  deliverDue(): Promise<DeliveryResult> {
    const pass = this.chain.then(() => this.pass());
    this.chain = pass.catch(() => undefined);
    return pass;
  }

  private async pass(): Promise<DeliveryResult> {
    const result: DeliveryResult = { sent: 0, retrying: 0, failed: 0 };
    if (!this.config.mail.smtpUrl) return result;
    this.busy = true;
    try {
      // Once through by id: a mail that fails and falls due again waits for the next pass.
      let after = 0;
      for (;;) {
        const due = await this.mails.due(after, BATCH);
        if (!due.length) return result;
        for (const mail of due) {
          after = mail.id;
          const outcome = await this.deliver(mail);
          if (outcome) result[outcome]++;
        }
      }
    } finally {
      this.busy = false;
    }
  }

  private async deliver(mail: OutboxMail): Promise<keyof DeliveryResult | null> {
    const attempts = mail.attempts + 1;
    if (!(await this.mails.claim(mail, attempts, new Date(Date.now() + LEASE_MS)))) return null;
    try {
      await this.smtp().sendMail({
        from: this.config.mail.from,
        to: mail.toAddress,
        subject: mail.subject,
        text: mail.body,
        messageId: mail.messageId,
        date: mail.createdAt,
        headers: {
          // RFC 3834: an automatic mail, so auto-responders stay quiet.
          'Auto-Submitted': 'auto-generated',
          ...(mail.unsubscribeUrl
            ? { 'List-Unsubscribe': `<${mail.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
            : {}),
        },
      });
    } catch (err) {
      const permanent = isPermanent(err);
      const failed = permanent || attempts >= this.config.mail.maxAttempts;
      const lastError = describe(err);
      const backoff = Math.min(this.config.mail.retrySeconds * 1000 * 2 ** (attempts - 1), MAX_BACKOFF_MS);
      await this.mails.attemptFailed(mail.id, lastError, failed ? null : new Date(Date.now() + backoff));
      this.logger.warn(`mail ${mail.id} to ${mail.toAddress}: attempt ${attempts} failed (${lastError})${failed ? ', given up' : ''}`);
      return failed ? 'failed' : 'retrying';
    }
    // Once delivered, the stored copy of an account mail keeps no working link.
    const kept = outboxBody(mail.kind, mail.body);
    await this.mails.sent(mail.id, kept === mail.body ? undefined : kept);
    return 'sent';
  }

  private smtp(): Transporter {
    this.transport ??= nodemailer.createTransport({
      url: this.config.mail.smtpUrl!,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
    });
    return this.transport;
  }
}

interface SmtpError {
  message?: string;
  code?: string;
  command?: string;
  responseCode?: number;
  response?: string;
}

/** A 5xx answer to the recipient or the message itself will not change on retry; anything else might. */
function isPermanent(err: unknown): boolean {
  const e = err as SmtpError;
  return (
    typeof e?.responseCode === 'number' &&
    e.responseCode >= 500 &&
    e.responseCode < 600 &&
    (e.command === 'RCPT TO' || e.command === 'DATA')
  );
}

function describe(err: unknown): string {
  const e = err as SmtpError;
  const text = [e?.code, e?.response ?? e?.message ?? String(err)].filter(Boolean).join(': ');
  return text.replace(/\s+/g, ' ').slice(0, 1000);
}
