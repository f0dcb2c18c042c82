import { Inject, Injectable } from '@nestjs/common';
import { createHmac, hash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { Locale } from '../common/i18n/i18n';
import { type CutPart, cutsOf, cutWith, type SharedParts } from '../common/views/shared-parts';
import { APP_CONFIG, AppConfig } from '../config/config';
import { buildId } from './guest-page-cache';
import { PageCacheRepository } from './page-cache.repository';
import { PAGE_STORE, PageStore } from './page-stores';

/**
 * Parts of a page that every viewer with the same view of it sees alike (issue 21: a member's thread page), rendered
 * once per thread revision and page epoch, build, language and `key` (which names what the viewer may see and do, as
 * the page's loader decided it with the policy) and shared: in the guest pages' store, under the validator read before
 * the page's data, so a write shows at once as on a guest's page. The viewer's CSRF token is put in as the part is used.
 */
@Injectable()
export class SharedRenders {
  /** Parts used as stored, and parts rendered because none was current. */
  readonly stats = { hits: 0, misses: 0, missesOf: {} as Record<string, number> };
  private readonly build: string;
  private readonly token: string;
  private readonly mark: string;

  constructor(
    private readonly pages: PageCacheRepository,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(PAGE_STORE) private readonly store: PageStore | null,
  ) {
    this.build = buildId(config);
    // The same on every instance (a part rendered by one is used by all), and not a string a post could contain.
    const standIn = (use: string) => createHmac('sha256', config.sessionSecret).update(use).digest('hex').slice(0, 32);
    this.token = `csrf${standIn('shared-parts')}`;
    this.mark = `own${standIn('shared-parts-own')}`;
  }

  /** The validator of an advisory's thread pages, read before the page's data; null: nothing is shared (no store, no thread). */
  validator(advisoryId: string): Promise<string | null> {
    return this.store ? this.pages.validator(advisoryId) : Promise.resolve(null);
  }

  /**
   * A part as stored: its size, then where it is cut (cutsOf, found once as it is kept) and its bytes, compressed
   * together, so the cuts count within the store's budget and travel with the part to every instance.
   */
  private stored(html: string): Buffer {
    const bytes = Buffer.from(html);
    const cuts = cutsOf(bytes, this.mark, this.token);
    const head = Buffer.alloc(4 * (cuts.length + 1));
    head.writeUInt32LE(cuts.length, 0);
    cuts.forEach((n, i) => head.writeUInt32LE(n, 4 * (i + 1)));
    const size = Buffer.alloc(4);
    size.writeUInt32LE(head.length + bytes.length, 0);
    // Compressed: a page's parts are a seventh of their size (its controls a seventeenth), so a member's pages fit beside the guests'.
    return Buffer.concat([size, deflateRawSync(Buffer.concat([head, bytes]), { level: 1 })]);
  }

  /** A stored part inflated and cut where it was found to be cut (never decoded: the page's response takes the bytes as they are). */
  private cut(stored: Buffer): CutPart {
    // Into one buffer a byte larger than its size (a full buffer takes zlib another call to end): 16 KB chunks cost a third more.
    const payload = inflateRawSync(stored.subarray(4), { chunkSize: Math.max(64, stored.readUInt32LE(0) + 1) });
    const cuts = new Uint32Array(payload.readUInt32LE(0));
    for (let i = 0; i < cuts.length; i++) cuts[i] = payload.readUInt32LE(4 * (i + 1));
    return cutWith(payload.subarray(4 * (cuts.length + 1)), cuts);
  }

  /** The parts named (name → what the viewer may see and do of it) as stored at `validator`, and where to keep new ones. */
  async parts(validator: string, locale: Locale, advisoryId: string, keys: Record<string, string>): Promise<SharedParts> {
    const store = this.store!;
    // "shared-sized" names the stored format (size, then cuts and bytes): a build that stored parts otherwise uses other keys.
    const keyOf = (name: string) =>
      `${this.build}|shared-sized|${locale}|${advisoryId}|${name}|${hash('sha256', keys[name], 'base64url').slice(0, 22)}`;
    const stored: Partial<Record<string, CutPart>> = {};
    for (const name of Object.keys(keys)) {
      const page = await store.get(keyOf(name), validator);
      if (page) stored[name] = this.cut(page.body);
      if (stored[name] !== undefined) this.stats.hits++;
      else {
        this.stats.misses++;
        this.stats.missesOf[name] = (this.stats.missesOf[name] ?? 0) + 1;
      }
    }
    return {
      token: this.token,
      mark: this.mark,
      stored,
      spliced: [],
      keep: (name, html) => {
        if (name in keys) void store.set(keyOf(name), { validator, headers: {}, body: this.stored(html) }).catch(() => undefined);
      },
    };
  }
}
