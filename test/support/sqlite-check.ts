import Database from 'better-sqlite3';

export interface SqliteCheck {
  integrity: string;
  /** Every counter that differs from a recount of the rows it counts, as "what: stored ≠ recounted". */
  counterProblems: string[];
  posts: { number: number; body: string; authorId: number }[];
  confirmations: { reportId: number; userId: number }[];
}

/**
 * Opens a board's SQLite file as it is on disk (after a crash, or a backup) and checks it:
 * PRAGMA integrity_check, and every written counter against a recount of its rows.
 */
export function checkSqliteFile(path: string): SqliteCheck {
  const db = new Database(path, { fileMustExist: true });
  try {
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
    const fk = db.pragma('foreign_key_check') as unknown[];
    const problems: string[] = fk.length ? [`foreign_key_check: ${JSON.stringify(fk)}`] : [];
    const mismatch = (what: string, rows: { k: string; stored: number; actual: number }[]) => {
      for (const r of rows) if (Number(r.stored) !== Number(r.actual)) problems.push(`${what} ${r.k}: ${r.stored} ≠ ${r.actual}`);
    };
    mismatch(
      'threads.post_count (highest number, dense)',
      db
        .prepare(
          `select t.id as k, t.post_count as stored, coalesce(max(p.number), 0) as actual from threads t left join posts p on p.thread_id = t.id group by t.id`,
        )
        .all() as never,
    );
    mismatch(
      'threads.post_count (rows)',
      db
        .prepare(
          `select t.id as k, t.post_count as stored, count(p.id) as actual from threads t left join posts p on p.thread_id = t.id group by t.id`,
        )
        .all() as never,
    );
    mismatch(
      'threads.report_count',
      db
        .prepare(
          `select t.id as k, t.report_count as stored, (select count(*) from posts p join field_reports r on r.post_id = p.id where p.thread_id = t.id and p.state = 'visible') as actual from threads t`,
        )
        .all() as never,
    );
    mismatch(
      'threads.problem_count',
      db
        .prepare(
          `select t.id as k, t.problem_count as stored, (select count(*) from posts p join field_reports r on r.post_id = p.id where p.thread_id = t.id and p.state = 'visible' and r.outcome <> 'success') as actual from threads t`,
        )
        .all() as never,
    );
    mismatch(
      'field_reports.confirmation_count',
      db
        .prepare(
          `select r.post_id as k, r.confirmation_count as stored, (select count(*) from confirmations c where c.report_id = r.post_id) as actual from field_reports r`,
        )
        .all() as never,
    );
    mismatch(
      'users.post_count',
      db
        .prepare(
          `select u.id as k, u.post_count as stored, (select count(*) from posts p where p.author_id = u.id and p.state in ('visible', 'hidden', 'deleted')) as actual from users u`,
        )
        .all() as never,
    );
    mismatch(
      'users.unread_notifications',
      db
        .prepare(
          `select u.id as k, u.unread_notifications as stored, (select count(*) from notifications n where n.user_id = u.id and n.read_at is null) as actual from users u`,
        )
        .all() as never,
    );
    // The platform table: visible reports by platform and outcome, and their confirmations by the confirmer's platform.
    const stored = new Map(
      (
        db.prepare(`select thread_id || '/' || platform_key || '/' || outcome as k, reports, confirmations from platform_stats`).all() as {
          k: string;
          reports: number;
          confirmations: number;
        }[]
      ).map((r) => [r.k, `${r.reports}+${r.confirmations}`]),
    );
    const actual = new Map<string, [number, number]>();
    const add = (k: string, i: 0 | 1) => {
      const cell = actual.get(k) ?? [0, 0];
      cell[i]++;
      actual.set(k, cell);
    };
    for (const r of db
      .prepare(
        `select p.thread_id || '/' || coalesce(ap.key, 'other') || '/' || r.outcome as k from field_reports r join posts p on p.id = r.post_id left join advisory_platforms ap on ap.id = r.platform_id where p.state = 'visible'`,
      )
      .all() as { k: string }[])
      add(r.k, 0);
    for (const r of db
      .prepare(
        `select p.thread_id || '/' || coalesce(ap.key, 'other') || '/' || r.outcome as k from confirmations c join field_reports r on r.post_id = c.report_id join posts p on p.id = r.post_id left join advisory_platforms ap on ap.id = c.platform_id where p.state = 'visible'`,
      )
      .all() as { k: string }[])
      add(r.k, 1);
    for (const k of new Set([...stored.keys(), ...actual.keys()])) {
      const want = `${actual.get(k)?.[0] ?? 0}+${actual.get(k)?.[1] ?? 0}`;
      const have = stored.get(k) ?? '0+0';
      if (have !== want) problems.push(`platform_stats ${k}: ${have} ≠ ${want}`);
    }
    return {
      integrity,
      counterProblems: problems,
      posts: db
        .prepare(`select number, body_source as body, author_id as authorId from posts order by number`)
        .all() as SqliteCheck['posts'],
      confirmations: db.prepare(`select report_id as reportId, user_id as userId from confirmations`).all() as SqliteCheck['confirmations'],
    };
  } finally {
    db.close();
  }
}
