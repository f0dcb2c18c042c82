import { EntityClass, FilterQuery, JsonType, MikroORM, Reference, ReferenceKind } from '@mikro-orm/core';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Session } from '../../src/auth/session.entity';
import { Citation } from '../../src/citations/citation.entity';
import { findRootDir } from '../../src/config/config';
import { Confirmation } from '../../src/field-reports/confirmation.entity';
import { FieldReport } from '../../src/field-reports/field-report.entity';
import { PlatformStat } from '../../src/field-reports/platform-stat.entity';
import { ReportDay } from '../../src/field-reports/report-day.entity';
import { DigestItem } from '../../src/mail/digest-item.entity';
import { Notification } from '../../src/notifications/notification.entity';
import { Watch } from '../../src/notifications/watch.entity';
import { VerdictChange } from '../../src/guidance/verdict-change.entity';
import { VerdictState } from '../../src/guidance/verdict-state.entity';
import { EmergingGroup } from '../../src/known-issues/emerging-group.entity';
import { EmergingReport } from '../../src/known-issues/emerging-report.entity';
import { KnownIssueTerm } from '../../src/known-issues/known-issue-term.entity';
import { Role } from '../../src/policy/viewer';
import { SearchDocument } from '../../src/search/search-document.entity';
import { Post } from '../../src/threads/post.entity';
import { buildAdvisoryDoc, createAdvisories } from '../factories/advisory.factory';
import { REPORT } from '../factories/field-report.factory';
import { signInCookie } from '../factories/user.factory';
import { boardApp, BULLETIN, ID } from '../support/board';
import { member, Member, submit } from '../support/members';
import { issueThroughForm, postThroughForm, reportForm } from '../support/posting';
import { guestSession } from '../support/sessions';
import { TestApp } from '../support/test-app';

// ---------------------------------------------------------------------------------------------
// Rows written by SQL statements (and the sessions' upsert) read back through the ORM: every property
// the entity gives a default holds that default unless the write path set it, and every value comes
// back as its JS type on this engine. The defaults are the entity's own, so a default added to an
// entity but not to its INSERT fails here.
// ---------------------------------------------------------------------------------------------

/** An entity property's default: a value, the time of the write (an initializer such as `new Date()`), or a database default. */
type Default = { value: unknown } | { now: true } | { raw: string };

/** The defaults of an entity: what a new instance holds before anything sets it, and its mapping's default, defaultRaw and onCreate. */
function defaultsOf(orm: MikroORM, entity: EntityClass<object>): Map<string, Default> {
  const meta = orm.getMetadata().get(entity.name);
  // Without arguments a constructor sets nothing from input: what remains set is a default.
  const fresh = new (entity as unknown as new () => Record<string, unknown>)();
  const defaults = new Map<string, Default>();
  for (const prop of meta.props) {
    if (prop.persist === false) continue;
    const initial = fresh[prop.name];
    if (initial instanceof Date || (initial === undefined && prop.onCreate && prop.runtimeType === 'Date')) {
      defaults.set(prop.name, { now: true });
    } else if (initial !== undefined) {
      const mapped = prop.default;
      if (mapped !== undefined) assert.deepEqual(mapped, initial, `${entity.name}.${prop.name}: mapping default and initializer differ`);
      defaults.set(prop.name, { value: initial });
    } else if (prop.onCreate) {
      defaults.set(prop.name, { value: prop.onCreate(fresh, orm.em) });
    } else if (prop.default !== undefined) {
      defaults.set(prop.name, { value: prop.default });
    } else if (prop.defaultRaw !== undefined) {
      defaults.set(prop.name, { raw: prop.defaultRaw });
    }
  }
  return defaults;
}

/** The JS type each scalar comes back as, by the mapping's runtime type. */
const TYPEOF: Record<string, string> = { string: 'string', number: 'number', boolean: 'boolean', bigint: 'bigint' };

/** Every persisted property of a row read by the ORM is of its JS type (Date, boolean, number, object for JSON), or null where nullable. */
function assertTypes(orm: MikroORM, entity: EntityClass<object>, row: Record<string, unknown>): void {
  for (const prop of orm.getMetadata().get(entity.name).props) {
    if (prop.persist === false) continue;
    const where = `${entity.name}.${prop.name}`;
    const value = row[prop.name];
    assert.notEqual(value, undefined, `${where} was not read`);
    if (value === null) {
      assert.ok(prop.nullable, `${where} is null but not nullable`);
    } else if (prop.kind !== ReferenceKind.SCALAR) {
      assert.ok(Reference.isReference(value) || typeof value === 'object', `${where}: a reference, got ${typeof value}`);
    } else if (prop.runtimeType === 'Date') {
      assert.ok(value instanceof Date && !Number.isNaN(value.getTime()), `${where}: a valid Date, got ${JSON.stringify(value)}`);
    } else if (prop.customType instanceof JsonType || prop.runtimeType === 'object') {
      assert.equal(typeof value, 'object', `${where}: parsed JSON, got ${JSON.stringify(value)}`);
    } else {
      const expected = TYPEOF[prop.runtimeType];
      assert.ok(expected, `${where}: no expected JS type for runtime type ${prop.runtimeType}`);
      assert.equal(typeof value, expected, `${where}: ${expected}, got ${JSON.stringify(value)}`);
    }
  }
}

/** The session id inside a signed cookie ("s:<sid>.<signature>"): the key of its row in `sessions`. */
function sidOf(cookie: string): string {
  const value = decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1));
  assert.ok(value.startsWith('s:'), `not a signed session cookie: ${cookie}`);
  return value.slice(2, value.lastIndexOf('.'));
}

/** The tables the repositories write with SQL INSERT statements, from their source. */
function tablesInsertedBySql(): Set<string> {
  const src = join(findRootDir(__dirname), 'src');
  const tables = new Set<string>();
  for (const file of readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.repository.ts'))) {
    for (const m of readFileSync(join(src, file), 'utf8').matchAll(/insert\s+into\s+[`"]?(\w+)/gi)) tables.add(m[1].toLowerCase());
  }
  return tables;
}

describe('rows written by SQL read back through the ORM with the entities’ defaults', () => {
  let t: TestApp;
  let author: Member;
  let watcher: Member;
  let emailWatcher: Member;
  let confirmer: Member;
  let moderator: Member;
  let report: Post;
  /** The tables whose rows were read back. */
  const checked = new Set<string>();

  before(async () => {
    t = await boardApp();
    [author, watcher, emailWatcher, confirmer] = [await member(t), await member(t), await member(t), await member(t)];
    moderator = await member(t, Role.Moderator);
  });
  after(() => t?.close());

  /**
   * Reads the row back through the ORM and checks it: the JS type of every property, and every default
   * equal to the entity's unless the write path set it from input (`given`). `since`: when the write began.
   */
  async function expectDefaults<T extends object>(
    entity: EntityClass<T>,
    where: FilterQuery<T>,
    given: (keyof T & string)[],
    since: number,
  ): Promise<T> {
    const row = await t.em().findOneOrFail(entity, where);
    const values = row as Record<string, unknown>;
    assertTypes(t.orm, entity, values);
    const defaults = defaultsOf(t.orm, entity);
    for (const name of given) assert.ok(defaults.has(name), `${entity.name}.${name} is listed as given but has no default`);
    for (const [name, d] of defaults) {
      if ((given as string[]).includes(name)) continue;
      const value = values[name];
      if ('now' in d) {
        assert.ok(value instanceof Date, `${entity.name}.${name}: a Date`);
        const at = value.getTime();
        assert.ok(at >= since && at <= Date.now(), `${entity.name}.${name}: the time of the write, got ${value.toISOString()}`);
      } else if ('value' in d) {
        assert.deepEqual(value, d.value, `${entity.name}.${name}: the entity's default ${JSON.stringify(d.value)}`);
      }
      // A database-only default (defaultRaw): its type is checked above.
    }
    checked.add(t.orm.getMetadata().get(entity.name).tableName);
    return row;
  }

  it('a watch from the thread’s button, and one with email from its email button', async () => {
    const since = Date.now();
    assert.equal((await submit(watcher, `${BULLETIN}/watch`)).status, 303);
    await expectDefaults(Watch, { user: watcher.user.id, advisory: ID }, [], since);

    assert.equal((await submit(emailWatcher, `${BULLETIN}/watch/email`, { email: 'on' })).status, 303);
    const watch = await expectDefaults(Watch, { user: emailWatcher.user.id, advisory: ID }, ['emailEnabled'], since);
    assert.equal(watch.emailEnabled, true);
  });

  it('a field report: its post, report, platform counts, search document, the author’s watch and what reaches the watchers', async () => {
    const since = Date.now();
    report = await postThroughForm(t, author, reportForm());
    const post = await expectDefaults(Post, report.id, ['isReport'], since);
    assert.equal(post.isReport, true);
    const fieldReport = await expectDefaults(FieldReport, { post: report.id }, ['platform'], since);
    assert.ok(fieldReport.platform);
    const stat = await expectDefaults(
      PlatformStat,
      { thread: post.thread.id, platformKey: REPORT.platform, outcome: REPORT.outcome },
      ['reports', 'hosts'],
      since,
    );
    assert.equal(stat.reports, 1);
    assert.equal(stat.hosts, Number(REPORT.hosts));
    const day = await expectDefaults(ReportDay, { thread: post.thread.id, outcome: REPORT.outcome }, ['reports'], since);
    assert.equal(day.reports, 1);
    // A problem report tied to no known issue starts an emerging group of its own.
    const membership = await expectDefaults(EmergingReport, { post: report.id }, [], since);
    const group = await expectDefaults(EmergingGroup, membership.group.id, ['reports', 'members', 'hosts'], since);
    assert.deepEqual([group.reports, group.members, group.hosts], [1, 1, Number(REPORT.hosts)]);
    await expectDefaults(SearchDocument, { kind: 'report', sourceId: String(report.id) }, [], since);
    await expectDefaults(Watch, { user: author.user.id, advisory: ID }, [], since);
    for (const m of [watcher, emailWatcher]) {
      await expectDefaults(Notification, { user: m.user.id, kind: 'report', post: report.id }, ['payload'], since);
    }
    const emailWatch = await t.em().findOneOrFail(Watch, { user: emailWatcher.user.id, advisory: ID });
    await expectDefaults(DigestItem, { watch: emailWatch.id, post: report.id }, [], since);
  });

  it('a reply, and the notification to the author it answers', async () => {
    const since = Date.now();
    const reply = await postThroughForm(t, watcher, { body: '同じ構成で再現しました。', replyTo: String(report.id) });
    const post = await expectDefaults(Post, reply.id, ['replyTo'], since);
    assert.equal(post.replyTo?.id, report.id);
    await expectDefaults(Notification, { user: author.user.id, kind: 'reply', post: reply.id }, [], since);
  });

  it('a confirmation from another platform, its platform counts and the notification to the report’s author', async () => {
    const since = Date.now();
    assert.equal((await submit(confirmer, `/posts/${report.id}/confirm`, { platform: 'ws2003' })).status, 303);
    await expectDefaults(Confirmation, { report: { post: report.id }, user: confirmer.user.id }, ['platform'], since);
    const stat = await expectDefaults(
      PlatformStat,
      { thread: { advisory: ID }, platformKey: 'ws2003', outcome: REPORT.outcome },
      ['confirmations'],
      since,
    );
    assert.equal(stat.confirmations, 1);
    await expectDefaults(Notification, { user: author.user.id, kind: 'confirmation', post: report.id }, ['payload'], since);
  });

  it('a known issue, as it reaches the watchers', async () => {
    const since = Date.now();
    const issue = await issueThroughForm(t, moderator);
    // Filed under its platform and software words, and moving its platform's verdict (logged, with the advisory's state).
    await expectDefaults(KnownIssueTerm, { knownIssue: issue.id }, [], since);
    const change = await expectDefaults(VerdictChange, { advisory: ID, platformKey: 'win2000-sp4' }, [], since);
    assert.equal(change.verdictAfter, 'deploy-with-workaround');
    const state = await expectDefaults(VerdictState, { advisory: ID }, ['verdicts'], since);
    assert.equal(state.verdicts['win2000-sp4'], 'deploy-with-workaround');
    await expectDefaults(
      Notification,
      { user: watcher.user.id, kind: 'known-issue', knownIssue: issue.id },
      ['knownIssue', 'payload'],
      since,
    );
  });

  it('a citation from an imported advisory’s editor note', async () => {
    const since = Date.now();
    const doc = buildAdvisoryDoc({ editorNotes: [{ title: '現場の声', body: `参考: /posts/${report.id}` }] });
    await createAdvisories(t.app, [doc]);
    await expectDefaults(Citation, { advisory: doc.id, kind: 'post', targetId: report.id }, [], since);
  });

  it('a guest’s session, and a member’s after signing in', async () => {
    const since = Date.now();
    const guest = await guestSession(t.http);
    await expectDefaults(Session, { sid: sidOf(guest.cookie) }, [], since);
    const cookie = await signInCookie(t.http, author.user.username);
    const session = await expectDefaults(Session, { sid: sidOf(cookie) }, ['userId'], since);
    assert.equal(session.userId, author.user.id);
  });

  it('has read back a row of every table a repository inserts into with SQL', () => {
    const entityTables = new Set(Object.values(t.orm.getMetadata().getAll()).map((m) => m.tableName));
    // Tables without an entity (the search engine's full-text table) have no ORM read to check.
    const missing = [...tablesInsertedBySql()].filter((table) => entityTables.has(table) && !checked.has(table));
    assert.deepEqual(missing, [], 'tables written by SQL INSERT that this spec does not read back');
  });
});
