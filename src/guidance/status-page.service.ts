import { EntityManager } from '@mikro-orm/core';
import { Inject, Injectable } from '@nestjs/common';
import { AdvisoriesRepository } from '../advisories/advisories.repository';
import { LIMITS } from '../common/limits';
import { clip } from '../common/text/clip';
import { APP_CONFIG, AppConfig } from '../config/config';
import { feedLinks } from '../feeds/feed-links';
import { advisoryPath, STATUS_JSON_PATH, statusPath, threadPath, VERDICTS_HELP_PATH } from '../paths';
import { PlatformVerdict, VERDICT_SEVERITY, verdictKey } from './verdict';
import { verdictJson, verdictsView } from './verdict.view-model';
import { VerdictsService } from './verdicts.service';

/** The status page's window: what administrators are still deciding about. */
export const STATUS_DAYS = 60;
/** A bound on the window's advisories (a few a week are published). */
export const STATUS_MOST = 200;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Where the status window starts: what /status lists and what the board index's hold notice covers. */
export function statusSince(now = new Date()): Date {
  return new Date(now.getTime() - STATUS_DAYS * DAY_MS);
}

/** The recent advisories with their verdicts, for one platform or all of them. */
interface StatusRows {
  platform: string;
  platforms: { key: string; label: string }[];
  advisories: { id: string; kb: string[]; title: string; publishedAt: Date; verdicts: PlatformVerdict[] }[];
}

/** Patch status across the board: the advisories of the last 60 days × their platforms, each with its verdict. */
@Injectable()
export class StatusPageService {
  constructor(
    private readonly em: EntityManager,
    private readonly advisories: AdvisoriesRepository,
    private readonly verdicts: VerdictsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The page: one block per advisory, newest first, its platforms' verdicts with their reasons; a count per verdict. */
  async page(platform: unknown) {
    const rows = await this.rows(platform);
    const cells = rows.advisories.flatMap((a) => a.verdicts);
    return {
      titleKey: 'status.title',
      days: STATUS_DAYS,
      platform: rows.platform,
      platforms: rows.platforms.map((p) => ({ ...p, selected: p.key === rows.platform })),
      unknownPlatform: rows.platform !== '' && !rows.platforms.some((p) => p.key === rows.platform),
      tally: VERDICT_SEVERITY.map((verdict) => ({
        verdict,
        key: verdictKey(verdict),
        count: cells.filter((v) => v.verdict === verdict).length,
      })),
      advisories: rows.advisories.map((a) => ({
        id: a.id,
        kb: a.kb,
        title: a.title,
        publishedAt: a.publishedAt,
        url: advisoryPath(a.id),
        threadUrl: threadPath(a.id),
        verdicts: verdictsView(a.verdicts),
      })),
      helpUrl: VERDICTS_HELP_PATH,
      jsonUrl: STATUS_JSON_PATH,
      allUrl: statusPath(),
      feeds: feedLinks.status(),
    };
  }

  /** /status.json: the same rows, reasons worded in the board's language, addresses absolute. */
  async json(platform: unknown) {
    const rows = await this.rows(platform);
    const base = this.config.publicBaseUrl;
    return {
      days: STATUS_DAYS,
      platform: rows.platform || null,
      advisories: rows.advisories.map((a) => ({
        id: a.id,
        kb: a.kb,
        title: a.title,
        publishedAt: a.publishedAt.toISOString(),
        url: `${base}${advisoryPath(a.id)}`,
        // The label too: a script reading all advisories should not need each one's platform table.
        verdicts: a.verdicts.map((v) => ({ ...verdictJson(v), label: v.label })),
      })),
    };
  }

  /** The window's advisories and verdicts; with a platform chosen, only the advisories listing it and only its verdict. */
  private async rows(rawPlatform: unknown): Promise<StatusRows> {
    const since = statusSince();
    const listed = await this.advisories.publishedSince(this.em.fork(), since, STATUS_MOST);
    const verdicts = await this.verdicts.verdictsFor(listed.map((a) => a.id));
    const all = listed.map((a) => ({
      id: a.id,
      kb: a.kb,
      title: a.title,
      publishedAt: a.publishedAt!,
      verdicts: verdicts.get(a.id) ?? [],
    }));
    // Each platform once, labelled as its newest advisory labels it.
    const platforms = new Map<string, string>();
    for (const a of all) for (const v of a.verdicts) if (!platforms.has(v.platform)) platforms.set(v.platform, v.label);
    const wanted = typeof rawPlatform === 'string' ? clip(rawPlatform, LIMITS.platformKey) : '';
    // A platform no recent advisory lists shows nothing rather than everything: the filter says what it filtered.
    const platform = wanted;
    return {
      platform,
      platforms: [...platforms].map(([key, label]) => ({ key, label })).sort((x, y) => x.label.localeCompare(y.label, 'ja')),
      advisories: platform
        ? all.map((a) => ({ ...a, verdicts: a.verdicts.filter((v) => v.platform === platform) })).filter((a) => a.verdicts.length)
        : all,
    };
  }
}
