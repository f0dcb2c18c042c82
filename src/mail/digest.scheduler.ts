import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/config';
import { MailService } from './mail.service';

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The next time it is `hour`:00 in Japan (UTC+9 all year: Japan keeps no daylight saving time). */
export function nextDigestAt(now: Date, hour: number): Date {
  const jst = new Date(now.getTime() + JST_OFFSET_MS);
  let at = Date.UTC(jst.getUTCFullYear(), jst.getUTCMonth(), jst.getUTCDate(), hour) - JST_OFFSET_MS;
  if (at <= now.getTime()) at += DAY_MS;
  return new Date(at);
}

/** Writes the daily digests at MAIL_DIGEST_HOUR (Japan time); `npm run cli -- mail:digest` does the same from cron. */
@Injectable()
export class DigestScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Mail');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly mail: MailService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(): void {
    const hour = this.config.mail.digestHour;
    if (hour === null) return;
    const delay = nextDigestAt(new Date(), hour).getTime() - Date.now();
    this.timer = setTimeout(() => {
      this.running = this.mail.runDigest().then(
        (r) => r.mails && this.logger.log(`daily digest: ${r.mails} mails, ${r.reports} reports`),
        (err: Error) => this.logger.warn(`daily digest failed: ${err.message}`),
      );
      void this.running.then(() => this.timer && this.schedule());
    }, delay);
  }
}
