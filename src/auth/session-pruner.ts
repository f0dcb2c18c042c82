import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { SESSION_STORE } from './auth.tokens';
import { BoardSessionStore } from './session-store';

const EVERY_MS = 60 * 60 * 1000;

/** Deletes expired sessions hourly, so the table holds only live ones. */
@Injectable()
export class SessionPruner implements OnModuleInit, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;
  private readonly logger = new Logger('Sessions');

  constructor(@Inject(SESSION_STORE) private readonly store: BoardSessionStore) {}

  onModuleInit(): void {
    this.timer = setInterval(() => {
      this.store.prune().catch((err: Error) => this.logger.warn(`pruning expired sessions failed: ${err.message}`));
    }, EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
