import { EntityManager, ref } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { AdvisoriesRepository } from '../advisories/advisories.repository';
import { FormInvalidException } from '../common/forms/form-invalid.exception';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { Viewer } from '../policy/viewer';
import { User } from '../users/user.entity';
import { EnvironmentForm, softwareLines } from './dto/environment.form';
import { EnvironmentEntry } from './environment.entity';
import { NotificationsRepository } from './notifications.repository';
import { platformTerm, softwareKey, softwareWords, wordTerm } from './software-match';
import { WriteTransactions } from '../database/write-transactions';

/** A member's environment: the platforms the board's bulletins name, the software they run, how they hear of matches. */
@Injectable()
export class EnvironmentService {
  constructor(
    private readonly em: EntityManager,
    private readonly transactions: WriteTransactions,
    private readonly policy: PolicyService,
    private readonly notifications: NotificationsRepository,
    private readonly advisories: AdvisoriesRepository,
  ) {}

  /** Each platform key the published bulletins use, with its newest label, newest first. */
  platformChoices(): Promise<{ key: string; label: string }[]> {
    return this.advisories.platformChoices(this.em.fork());
  }

  current(userId: number) {
    return this.notifications.environmentOf(userId);
  }

  /** Replaces the viewer's environment; a platform the bulletins do not name is refused, a line repeated (as the match reads it) kept once. */
  async save(viewer: Viewer, form: EnvironmentForm): Promise<void> {
    this.policy.ensure(viewer, Action.EditOwnEnvironment);
    const known = new Set((await this.platformChoices()).map((p) => p.key));
    const platforms = [...new Set(form.platforms)];
    if (platforms.some((k) => !known.has(k))) throw new FormInvalidException({ platforms: 'environment.platforms.invalid' });
    const user = ref(User, viewer.id!);
    const entries = platforms.map((k, i) => new EnvironmentEntry(user, 'platform', k, platformTerm(k), null, i));
    const keys = new Set<string>();
    for (const line of softwareLines(form.software ?? '')) {
      const key = softwareKey(line);
      if (keys.has(key)) continue;
      keys.add(key);
      entries.push(new EnvironmentEntry(user, 'software', line, wordTerm(softwareWords(line)[0]), key, keys.size - 1));
    }
    await this.transactions.run((em) => this.notifications.saveEnvironment(em, viewer.id!, form.email || 'off', entries));
  }
}
