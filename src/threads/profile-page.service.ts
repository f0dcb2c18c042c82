import { Injectable } from '@nestjs/common';
import { AdvisoryStatus } from '../advisories/advisory.entity';
import { MAX_ROW_ID, rowId } from '../common/http/row-id';
import { rowDate } from '../database/sql';
import { excerpt } from '../feeds/feed-html';
import { FieldReportsRepository, MemberReportRow } from '../field-reports/field-reports.repository';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { POST_STATES } from '../policy/rules/subjects';
import { Viewer } from '../policy/viewer';
import { UsersPageService } from '../users/users-page.service';
import { MemberPostRow, PostsRepository } from './posts.repository';
import { postSubjectRow, threadSubjectRow } from './subject-rows';
import { reportView, showsBody } from './thread-page.service';
import { permalinkPath, userPath } from '../paths';

/** Items per list and page: the profile reads at most this many (plus one) of each, whatever the member wrote. */
export const PROFILE_LIST_SIZE = 20;

/** The profile's cursors as the address gives them (anything but a row id is the first page). */
export interface ProfileCursors {
  reports?: string;
  posts?: string;
}

/**
 * A member's profile: the facts (the users' page service) and their work, the field reports and the other posts,
 * each newest first and paged by its own keyset cursor. Lists only what the thread would show the viewer in full.
 */
@Injectable()
export class ProfilePageService {
  constructor(
    private readonly users: UsersPageService,
    private readonly policy: PolicyService,
    private readonly posts: PostsRepository,
    private readonly reports: FieldReportsRepository,
  ) {}

  async show(username: string, viewer: Viewer, cursors: ProfileCursors) {
    const page = await this.users.profile(username, viewer);
    const { id: authorId, username: name } = page.profile;
    const { states, statuses } = this.listable(viewer, authorId);
    const before = { reports: rowId(cursors.reports), posts: rowId(cursors.posts) };
    // The first page reads up to the largest id a row can have.
    const upTo = (cursor: number | null) => (cursor === null ? MAX_ROW_ID : cursor - 1);
    const reportRows = states.length
      ? await this.reports.byAuthor(authorId, upTo(before.reports), states, statuses, PROFILE_LIST_SIZE + 1)
      : [];
    const postRows = states.length ? await this.posts.byAuthor(authorId, upTo(before.posts), states, statuses, PROFILE_LIST_SIZE + 1) : [];
    const reports = this.list(reportRows, viewer, (row) => ({ ...item(row), report: reportView(row, []) }));
    const posts = this.list(postRows, viewer, (row) => ({ ...item(row), excerpt: excerpt(String(row.excerpt), 120) }));
    return {
      ...page,
      // Each list's links keep the other list where it is.
      reports: pagedList(
        reports.items,
        reports.next === null ? null : userPath(name, { reports: reports.next, posts: before.posts }),
        before.reports === null ? null : userPath(name, { posts: before.posts }),
      ),
      posts: pagedList(
        posts.items,
        posts.next === null ? null : userPath(name, { reports: before.reports, posts: posts.next }),
        before.posts === null ? null : userPath(name, { reports: before.reports }),
      ),
    };
  }

  /**
   * The post states and advisory statuses of this member's posts that the viewer may see in full, asked of the
   * policy, so the statements read only those (each row is asked again: the policy has the last word).
   */
  private listable(viewer: Viewer, authorId: number) {
    const statuses = Object.values(AdvisoryStatus).filter((status) =>
      this.policy.can(viewer, Action.ViewThread, { locked: false, advisory: { isPublished: status === AdvisoryStatus.Published } }),
    );
    const states = POST_STATES.filter((state) =>
      statuses.some((status) =>
        showsBody(
          this.policy.can(viewer, Action.ViewPost, {
            authorId,
            state,
            createdAt: new Date(),
            thread: { locked: false, advisory: { isPublished: status === AdvisoryStatus.Published } },
          }),
          state,
        ),
      ),
    );
    return { states: [...states], statuses };
  }

  /** One page of a list: the rows the viewer may see, shaped, and the cursor of the next page when there is more. */
  private list<Row extends MemberPostRow | MemberReportRow, Item>(rows: Row[], viewer: Viewer, shape: (row: Row) => Item) {
    const page = rows.slice(0, PROFILE_LIST_SIZE);
    const items = page
      .filter((row) => {
        const subject = postSubjectRow(row, threadSubjectRow(row, Number(row.thread_id)));
        return showsBody(this.policy.can(viewer, Action.ViewPost, subject), subject.state);
      })
      .map(shape);
    return { items, next: rows.length > PROFILE_LIST_SIZE ? Number(page[page.length - 1].id) : null };
  }
}

/** What both lists show of a post: where it is, its link, when, and its state when it is not public. */
function item(row: MemberPostRow | MemberReportRow) {
  const state = String(row.state);
  return {
    id: Number(row.id),
    advisoryId: String(row.advisory_id),
    number: Number(row.number),
    url: permalinkPath(Number(row.id)),
    createdAt: rowDate(row.created_at),
    stateKey: state === 'visible' ? null : `post.state.${state}`,
  };
}

/** A list with its links to older items and back to the newest (null: none). */
function pagedList<Item>(items: Item[], olderUrl: string | null, newestUrl: string | null) {
  return { items, olderUrl, newestUrl, paged: olderUrl !== null || newestUrl !== null };
}
