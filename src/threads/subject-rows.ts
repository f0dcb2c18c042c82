import { AdvisoryStatus } from '../advisories/advisory.entity';
import { rowBool, rowDate } from '../database/sql';
import { PostState, ThreadSubject } from '../policy/rules/subjects';

type Row = Record<string, unknown>;

/** The policy's view of a thread from a row with locked, advisory_id and the advisory's status. */
export function threadSubjectRow(row: Row, id: number) {
  return {
    id,
    locked: rowBool(row.locked),
    advisory: { id: String(row.advisory_id), isPublished: row.status === AdvisoryStatus.Published },
  };
}

/** The policy's view of a post from a row with author_id, state and created_at. */
export function postSubjectRow<T extends ThreadSubject>(row: Row, thread: T, isReport?: boolean) {
  return {
    authorId: Number(row.author_id),
    state: String(row.state) as PostState,
    createdAt: rowDate(row.created_at)!,
    thread,
    ...(isReport === undefined ? {} : { isReport }),
  };
}
