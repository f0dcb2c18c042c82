import { AdvisoryStatus } from '../advisories/advisory.entity';
import { rowBool, rowDate } from '../database/sql';
import { PostState, ThreadSubject } from '../policy/rules/subjects';

/** What a statement returns of a thread for the policy. */
export interface ThreadSubjectRow {
  locked: unknown;
  advisory_id: string;
  status: AdvisoryStatus;
}

/** What a statement returns of a post for the policy. */
export interface PostSubjectRow {
  author_id: number;
  state: string;
  created_at: unknown;
}

/** The policy's view of a thread, with its id and its advisory's. */
export type ThreadOfRow = ReturnType<typeof threadSubjectRow>;

/** The policy's view of a thread from a row with locked, advisory_id and the advisory's status. */
export function threadSubjectRow(row: ThreadSubjectRow, id: number) {
  return {
    id,
    locked: rowBool(row.locked),
    advisory: { id: String(row.advisory_id), isPublished: row.status === AdvisoryStatus.Published },
  };
}

/** The policy's view of a post from a row with author_id, state and created_at. */
export function postSubjectRow<T extends ThreadSubject>(row: PostSubjectRow, thread: T, isReport?: boolean) {
  return {
    authorId: Number(row.author_id),
    state: String(row.state) as PostState,
    createdAt: rowDate(row.created_at)!,
    thread,
    ...(isReport === undefined ? {} : { isReport }),
  };
}
