import { EntityManager } from '@mikro-orm/core';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/config';
import { all, dbDate, one, rowBool, rowDate, run } from '../database/sql';
import { statement } from '../database/statement';
import type { Outcome } from '../field-reports/field-report.entity';
import { EmergingGroup } from './emerging-group.entity';

/** A field report as grouping reads it, in the writer's transaction. */
interface ReportFactsRow {
  id: number;
  author_id: number;
  state: string;
  body_html: string;
  created_at: unknown;
  advisory_id: string;
  outcome: Outcome;
  hosts: number;
  software: string;
  platform_other: string | null;
  platform_key: string | null;
  evidence: unknown;
}

export interface ReportFacts {
  postId: number;
  authorId: number;
  state: string;
  html: string;
  createdAt: Date;
  advisoryId: string;
  outcome: Outcome;
  hosts: number;
  software: string;
  platformKey: string | null;
  platformOther: string | null;
  isEvidence: boolean;
}

/** A report's place in a group. */
export interface Membership {
  groupId: number;
  advisoryId: string;
  authorId: number;
  hosts: number;
  /** What it was compared by when it joined. */
  platform: string;
  software: string;
  symptom: string;
}

/** What a new member of a group brings. */
export interface NewMember {
  postId: number;
  groupId: number;
  advisoryId: string;
  authorId: number;
  platform: string;
  software: string;
  hosts: number;
  symptom: string;
  reportedAt: Date;
}

export interface CandidateRow {
  post_id: number;
  group_id: number;
  software: string;
  symptom: string;
}

/** A group on the moderators' page. */
export interface GroupRow {
  id: number;
  advisory_id: string;
  reports: number;
  members: number;
  hosts: number;
  first_seen: unknown;
  last_seen: unknown;
}

/** A report of a group on the moderators' page. */
export interface GroupReportRow {
  group_id: number;
  post_id: number;
  number: number;
  username: string;
  outcome: string;
  hosts: number;
  software: string;
  platform_key: string | null;
  platform_label: string | null;
  platform_other: string | null;
  symptom: string;
  reported_at: unknown;
}

const REPORT_FACTS = statement<ReportFactsRow>(
  'EmergingIssuesRepository.report',
  `select p.id, p.author_id, p.state, p.body_html, p.created_at, t.advisory_id, r.outcome, r.hosts, r.software, r.platform_other,
    ap.key as platform_key, exists (select 1 from known_issue_evidence e where e.post_id = p.id) as evidence
    from posts p join threads t on t.id = p.thread_id join field_reports r on r.post_id = p.id
    left join advisory_platforms ap on ap.id = r.platform_id where p.id = ?`,
);

const MEMBERSHIP = statement<{
  group_id: number;
  advisory_id: string;
  author_id: number;
  hosts: number;
  platform: string;
  software: string;
  symptom: string;
}>(
  'EmergingIssuesRepository.membership',
  'select group_id, advisory_id, author_id, hosts, platform, software, symptom from emerging_reports where post_id = ?',
);

const MEMBER_HOSTS = statement('EmergingIssuesRepository.moveHosts', 'update emerging_reports set hosts = ? where post_id = ?');
const GROUP_HOSTS = statement('EmergingIssuesRepository.moveHosts', 'update emerging_groups set hosts = hosts + ? where id = ?');

// Each way of matching is read newest first and cut on its own index; a report found both ways counts once.
const CANDIDATES = statement<CandidateRow>(
  'EmergingIssuesRepository.candidates',
  `select * from (select post_id, group_id, software, symptom from emerging_reports where advisory_id = ? and platform = ? order by post_id desc limit ?) by_platform
    union
    select * from (select post_id, group_id, software, symptom from emerging_reports where advisory_id = ? and software = ? and software <> ''
      order by post_id desc limit ?) by_software`,
);

// Every grouping write of an advisory queues on its thread's row, which a write of its posts or known issues holds
// already (counters, the page cache's revision): a report reads its candidates after the writer before it committed.
const LOCK_ADVISORY = statement('EmergingIssuesRepository.lockAdvisory', 'select id from threads where advisory_id = ? for no key update', {
  engine: 'postgresql',
  hot: true,
});

// Concurrent joins and leaves of one group wait for each other, so "has this member another report here" is exact; SQLite has one writer.
const LOCK_GROUP = statement('EmergingIssuesRepository.lock', 'select id from emerging_groups where id = ? for update', {
  engine: 'postgresql',
});

const INSERT_GROUP = statement<{ id: number | string }>(
  'EmergingIssuesRepository.newGroup',
  `insert into emerging_groups (advisory_id, state, reports, members, hosts, first_seen, last_seen, created_at)
    values (?, 'open', 0, 0, 0, ?, ?, ?) returning id`,
);

const INSERT_MEMBER = statement(
  'EmergingIssuesRepository.join',
  `insert into emerging_reports (post_id, group_id, advisory_id, author_id, platform, software, hosts, symptom, reported_at)
    values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
);

const OTHER_BY_AUTHOR = statement<{ one: number }>(
  'EmergingIssuesRepository.join',
  'select 1 as one from emerging_reports where group_id = ? and author_id = ? and post_id <> ? limit 1',
);

// A report joining a dismissed group brings it back.
const COUNT_JOIN = statement(
  'EmergingIssuesRepository.join',
  `update emerging_groups set reports = reports + 1, members = members + ?, hosts = hosts + ?,
    first_seen = case when first_seen > ? then ? else first_seen end, last_seen = case when last_seen < ? then ? else last_seen end,
    state = case when state = 'dismissed' then 'open' else state end where id = ?`,
);

const DELETE_MEMBER = statement('EmergingIssuesRepository.leave', 'delete from emerging_reports where post_id = ?');

const COUNT_LEAVE = statement(
  'EmergingIssuesRepository.leave',
  `update emerging_groups set reports = reports - 1, members = members - ?, hosts = hosts - ?,
    first_seen = coalesce((select min(reported_at) from emerging_reports where group_id = ?), first_seen),
    last_seen = coalesce((select max(reported_at) from emerging_reports where group_id = ?), last_seen) where id = ?`,
);

// A group left empty goes, unless it records a promotion.
const DELETE_EMPTY = statement(
  'EmergingIssuesRepository.leave',
  `delete from emerging_groups where id = ? and reports = 0 and state <> 'promoted'`,
);

const SHOWN = statement<GroupRow>(
  'EmergingIssuesRepository.shown',
  `select id, advisory_id, reports, members, hosts, first_seen, last_seen from emerging_groups
    where state = 'open' and reports >= ? and members >= ? order by last_seen desc, id desc limit ?`,
);

const GROUP_REPORTS = statement<GroupReportRow>(
  'EmergingIssuesRepository.reportsOf',
  `select er.group_id, er.post_id, p.number, u.username, r.outcome, r.hosts, r.software, ap.key as platform_key, ap.label as platform_label,
    r.platform_other, er.symptom, er.reported_at
    from emerging_reports er join posts p on p.id = er.post_id join users u on u.id = er.author_id join field_reports r on r.post_id = er.post_id
    left join advisory_platforms ap on ap.id = r.platform_id where er.group_id in (?*) order by er.reported_at desc, er.post_id desc`,
);

const GROUP_POSTS = statement<{ post_id: number }>(
  'EmergingIssuesRepository.postsOf',
  'select post_id from emerging_reports where group_id = ? order by post_id',
);

const ADVISORY_OF_GROUP = statement<{ advisory_id: string }>(
  'EmergingIssuesRepository.advisoryOfGroup',
  'select advisory_id from emerging_groups where id = ?',
);

const SET_STATE = statement('EmergingIssuesRepository.setState', 'update emerging_groups set state = ?, known_issue_id = ? where id = ?');

/** Emerging issues: every statement of emerging_groups and emerging_reports. Methods taking `em` run in the caller's transaction. */
@Injectable()
export class EmergingIssuesRepository {
  private readonly postgres: boolean;

  constructor(
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.postgres = config.database.engine === 'postgresql';
  }

  /** A field report's facts as they now stand (the caller flushed its pending changes), or undefined. */
  async report(em: EntityManager, postId: number): Promise<ReportFacts | undefined> {
    const r = await one(em, REPORT_FACTS, [postId]);
    return (
      r && {
        postId: Number(r.id),
        authorId: Number(r.author_id),
        state: r.state,
        html: r.body_html,
        createdAt: rowDate(r.created_at)!,
        advisoryId: r.advisory_id,
        outcome: r.outcome,
        hosts: Number(r.hosts),
        software: r.software,
        platformKey: r.platform_key,
        platformOther: r.platform_other,
        isEvidence: rowBool(r.evidence),
      }
    );
  }

  async membership(em: EntityManager, postId: number): Promise<Membership | undefined> {
    const r = await one(em, MEMBERSHIP, [postId]);
    return (
      r && {
        groupId: Number(r.group_id),
        advisoryId: r.advisory_id,
        authorId: Number(r.author_id),
        hosts: Number(r.hosts),
        platform: r.platform,
        software: r.software,
        symptom: r.symptom,
      }
    );
  }

  /** A member's hosts corrected (the caller holds the group's lock): its row and the group's sum. */
  async moveHosts(em: EntityManager, postId: number, m: Membership, hosts: number): Promise<void> {
    await run(em, MEMBER_HOSTS, [hosts, postId]);
    await run(em, GROUP_HOSTS, [hosts - m.hosts, m.groupId]);
  }

  /** Reports of the advisory on the same platform or with the same software, the newest of each kind (at most `limit` each). */
  candidates(em: EntityManager, advisoryId: string, platform: string, software: string, limit: number): Promise<CandidateRow[]> {
    return all(em, CANDIDATES, [advisoryId, platform, limit, advisoryId, software, limit]);
  }

  /** Holds the grouping of an advisory's reports for the rest of the transaction (taken before any group's lock); SQLite has one writer. */
  async lockAdvisory(em: EntityManager, advisoryId: string): Promise<void> {
    if (this.postgres) await all(em, LOCK_ADVISORY, [advisoryId]);
  }

  /** The advisory of a group, or undefined when there is no such group. */
  async advisoryOfGroup(em: EntityManager, groupId: number): Promise<string | undefined> {
    return (await one(em, ADVISORY_OF_GROUP, [groupId]))?.advisory_id;
  }

  /** Holds a group for the rest of the transaction; false when it is gone (emptied meanwhile). */
  async lock(em: EntityManager, groupId: number): Promise<boolean> {
    return this.postgres ? (await all(em, LOCK_GROUP, [groupId])).length > 0 : true;
  }

  /** A new, empty group (the caller adds its first report). */
  async newGroup(em: EntityManager, advisoryId: string, seen: Date): Promise<number> {
    const at = dbDate(em, seen);
    const row = await one(em, INSERT_GROUP, [advisoryId, at, at, dbDate(em, new Date())]);
    return Number(row!.id);
  }

  /** A report joins a group (locked by the caller): its row, and the group's counters moved in the same transaction. */
  async join(em: EntityManager, m: NewMember): Promise<void> {
    const seen = dbDate(em, m.reportedAt);
    await run(em, INSERT_MEMBER, [m.postId, m.groupId, m.advisoryId, m.authorId, m.platform, m.software, m.hosts, m.symptom, seen]);
    const newMember = (await one(em, OTHER_BY_AUTHOR, [m.groupId, m.authorId, m.postId])) === undefined;
    await run(em, COUNT_JOIN, [newMember ? 1 : 0, m.hosts, seen, seen, seen, seen, m.groupId]);
  }

  /** A report leaves its group (locked by the caller): the row goes, the counters move back, an empty group goes. */
  async leave(em: EntityManager, postId: number, m: Membership): Promise<void> {
    await run(em, DELETE_MEMBER, [postId]);
    const lastOfMember = (await one(em, OTHER_BY_AUTHOR, [m.groupId, m.authorId, postId])) === undefined;
    await run(em, COUNT_LEAVE, [lastOfMember ? 1 : 0, m.hosts, m.groupId, m.groupId, m.groupId]);
    await run(em, DELETE_EMPTY, [m.groupId]);
  }

  /** The groups moderators see, latest report first. */
  shown(minReports: number, minMembers: number, limit: number): Promise<GroupRow[]> {
    return all(this.em.fork(), SHOWN, [minReports, minMembers, limit]);
  }

  /** The reports of these groups, newest first. */
  async reportsOf(groupIds: number[], em: EntityManager = this.em.fork()): Promise<GroupReportRow[]> {
    if (!groupIds.length) return [];
    return all(em, GROUP_REPORTS, [groupIds]);
  }

  /** One group (in the caller's transaction when em is given), or null. */
  group(id: number, em: EntityManager = this.em.fork()): Promise<EmergingGroup | null> {
    return em.findOne(EmergingGroup, id);
  }

  /** A group's reports, oldest first. */
  async postsOf(em: EntityManager, groupId: number): Promise<number[]> {
    return (await all(em, GROUP_POSTS, [groupId])).map((r) => Number(r.post_id));
  }

  async setState(em: EntityManager, groupId: number, state: 'dismissed' | 'promoted', knownIssueId: number | null): Promise<void> {
    await run(em, SET_STATE, [state, knownIssueId, groupId]);
  }
}
