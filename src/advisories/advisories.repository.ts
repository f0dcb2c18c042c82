import { EntityManager } from '@mikro-orm/core';
import { Injectable, Module } from '@nestjs/common';
import { all, dbDate } from '../database/sql';
import { statement } from '../database/statement';
import { AdvisoryPlatform } from './advisory-platform.entity';
import { Advisory, AdvisoryStatus } from './advisory.entity';

/** A keyset position in a listing: newest bulletin date first, then id. */
export interface ListingCursor {
  updatedOn: string;
  id: string;
}

// Every platform of the published bulletins, newest bulletin first (a key keeps the label its newest bulletin gives it).
const PLATFORM_CHOICES = statement<{ key: string; label: string }>(
  'AdvisoriesRepository.platformChoices',
  `select p.key as key, p.label as label from advisory_platforms p join advisories a on a.id = p.advisory_id
    where a.status = 'published' order by a.registered_on desc, a.id desc, p.position`,
);

// The window's bulletins by (status, published_at), each tested for the platforms by advisory_platforms' unique (advisory_id, key).
const PUBLISHED_SINCE_ON = statement<{ id: string; title: string; published_at: unknown }>(
  'AdvisoriesRepository.publishedSinceOn',
  `select a.id, a.title, a.published_at from advisories a where a.status = 'published' and a.published_at >= ?
    and exists (select 1 from advisory_platforms p where p.advisory_id = a.id and p.key in (?*))
    order by a.published_at desc, a.id desc limit ?`,
  { hot: true },
);

/** The columns an advisory listing shows. */
const LISTED = ['id', 'kb', 'title', 'registeredOn', 'updatedOn', 'severity', 'countermeasure', 'status'] as const;

/** Advisories and their platforms: every query of these tables. */
@Injectable()
export class AdvisoriesRepository {
  /** An advisory with its platforms, or null. */
  withPlatforms(em: EntityManager, id: string): Promise<Advisory | null> {
    return em.findOne(Advisory, { id }, { populate: ['platforms'] });
  }

  /** An advisory without its platforms, or null. */
  find(em: EntityManager, id: string): Promise<Advisory | null> {
    return em.findOne(Advisory, { id });
  }

  async exists(em: EntityManager, id: string): Promise<boolean> {
    return (await em.count(Advisory, { id })) > 0;
  }

  /** A new advisory, written with the caller's transaction. */
  add(em: EntityManager, advisory: Advisory): void {
    em.persist(advisory);
  }

  /** A platform the document no longer lists, removed with the caller's transaction. */
  removePlatform(em: EntityManager, platform: AdvisoryPlatform): void {
    em.remove(platform);
  }

  /** Which of these ids are published advisories. */
  async publishedIds(em: EntityManager, ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await em.find(Advisory, { id: { $in: ids }, status: AdvisoryStatus.Published }, { fields: ['id'] });
    return new Set(rows.map((r) => r.id));
  }

  /**
   * One page of a listing, newest bulletin date first, by keyset (never OFFSET); one row more than
   * `limit` tells whether a next page exists. Without a status, drafts too (the editors' listing).
   */
  async listing(
    em: EntityManager,
    status: AdvisoryStatus | null,
    after: ListingCursor | null,
    limit: number,
    withDates = false,
  ): Promise<{ items: Advisory[]; next: ListingCursor | null }> {
    const where: Record<string, unknown> = status ? { status } : {};
    // The bound first lets the index seek to the cursor; the OR alone read every newer bulletin first.
    if (after) {
      where.updatedOn = { $lte: after.updatedOn };
      where.$or = [{ updatedOn: { $lt: after.updatedOn } }, { updatedOn: after.updatedOn, id: { $lt: after.id } }];
    }
    const rows = await em.find(Advisory, where, {
      orderBy: [{ updatedOn: 'desc' }, { id: 'desc' }],
      limit: limit + 1,
      fields: withDates ? [...LISTED, 'publishedAt', 'modifiedAt'] : [...LISTED],
    });
    const items = rows.slice(0, limit) as Advisory[];
    const last = items[items.length - 1];
    return { items, next: rows.length > limit && last ? { updatedOn: last.updatedOn, id: last.id } : null };
  }

  /** The published ones of these advisories, with their platforms (the status feed names them). */
  publishedWithPlatforms(em: EntityManager, ids: string[]): Promise<Advisory[]> {
    if (!ids.length) return Promise.resolve([]);
    return em.find(Advisory, { id: { $in: ids }, status: AdvisoryStatus.Published }, { populate: ['platforms'] });
  }

  /** Advisories published since a moment, newest first, with their platforms (the board's status page). */
  async publishedSince(em: EntityManager, since: Date, limit: number): Promise<Advisory[]> {
    return (await em.find(
      Advisory,
      { status: AdvisoryStatus.Published, publishedAt: { $gte: since } },
      { orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }], limit, fields: ['id', 'kb', 'title', 'severity', 'publishedAt'] },
    )) as Advisory[];
  }

  /** Advisories published since a moment that list any of these platforms, newest first (one indexed read). */
  async publishedSinceOn(em: EntityManager, since: Date, platformKeys: string[], limit: number): Promise<{ id: string; title: string }[]> {
    if (!platformKeys.length) return [];
    const rows = await all(em, PUBLISHED_SINCE_ON, [dbDate(em, since), platformKeys, limit]);
    return rows.map((r) => ({ id: r.id, title: r.title }));
  }

  /** Each platform key the published bulletins use, once, with its newest bulletin's label, newest first. */
  async platformChoices(em: EntityManager): Promise<{ key: string; label: string }[]> {
    const seen = new Map<string, string>();
    for (const r of await all(em, PLATFORM_CHOICES)) if (!seen.has(r.key)) seen.set(r.key, r.label);
    return [...seen].map(([key, label]) => ({ key, label }));
  }

  /** Newly published advisories, by publication time. */
  latestPublished(em: EntityManager, limit: number): Promise<Advisory[]> {
    return em.find(Advisory, { status: AdvisoryStatus.Published }, { orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }], limit });
  }
}

/** The one provider of the advisories' statements: NotificationsModule reads them too, and cannot import AdvisoriesModule (which imports it). */
@Module({ providers: [AdvisoriesRepository], exports: [AdvisoriesRepository] })
export class AdvisoriesRepositoryModule {}
