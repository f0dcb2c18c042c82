import { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AdvisoriesService } from './advisories/advisories.service';
import { parseAdvisoryFile } from './advisories/advisory-import';
import { CheckedKnownIssue, KnownIssuesService } from './known-issues/known-issues.service';
import { Role, signedIn, Viewer } from './policy/viewer';
import { UsersService } from './users/users.service';
import { ConfirmationsService } from './field-reports/confirmations.service';
import { ModerationService } from './moderation/moderation.service';
import { PostsService } from './threads/posts.service';
import { ThreadPageService } from './threads/thread-page.service';
import demo from './database/demo/MS04-044.json';

/**
 * The demo bulletin MS04-044, published with its thread, through the same validator as any import;
 * its editor notes become its known issues, kept by a demo moderator nobody can sign in as.
 */
export async function loadDemoData(app: INestApplicationContext): Promise<void> {
  const { docs, problems } = parseAdvisoryFile(JSON.stringify(demo));
  if (problems.length) throw new Error(`demo data is invalid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  await app.get(AdvisoriesService).importDocuments(docs, { publish: true });

  const keeper = await app.get(UsersService).create({
    username: 'hfr-moderator',
    email: 'demo-moderator@example.invalid',
    password: randomBytes(32).toString('base64url'),
    role: Role.Moderator,
  });
  const moderator = signedIn(keeper.id, keeper.username, Role.Moderator);
  const issues = app.get(KnownIssuesService);

  const veritas = await issues.create(
    moderator,
    'MS04-044',
    {
      title: 'Windows 2000 で VERITAS Backup Exec 8.6 のスケジュール・バックアップが失敗する',
      symptom:
        'KB885835 を Windows 2000 に適用すると、VERITAS Backup Exec 8.6 のスケジュール・バックアップが失敗し、アプリケーション・イベント ID 57480 が記録される場合がある。',
      platforms: ['win2000-sp3', 'win2000-sp4'],
      software: 'VERITAS Backup Exec 8.6',
      references: '891531',
      status: 'investigating',
      note: '複数の購読者から同じ症状の報告。',
    },
    null,
  );
  await issues.update(moderator, veritas.id, {
    ...issueFields(veritas),
    status: 'confirmed',
    note: 'マイクロソフトがサポート技術情報 891531 で不具合を公開。',
  });
  await issues.update(moderator, veritas.id, {
    ...issueFields(veritas),
    workaround: 'ベリタスソフトウェアのサポート窓口に問い合わせる。最新版の VERITAS Backup Exec 9.1 への更新も有効。',
    status: 'mitigated',
    note: '回避策(サポート窓口への問い合わせ、Backup Exec 9.1 への更新)を確認。',
  });

  const nt4 = await issues.create(
    moderator,
    'MS04-044',
    {
      title: 'システム・パーティションが 7.8GB を超える Windows NT 4.0 が起動しなくなる',
      symptom: 'ntoskrnl.exe がディスク先頭から 7.8GB 以内の領域の外に格納されると、修正プログラムの適用後に OS が起動できない。',
      platforms: ['nt4-server-sp6a', 'nt4-tse-sp6'],
      workaround:
        'ディスク管理ユーティリティでシステム・パーティションを 7.8GB 以下に抑えるか、ntoskrnl.exe の物理的な格納位置を変更する。',
      references: '224526',
      status: 'confirmed',
      note: 'Windows NT 4.0 の仕様(サポート技術情報 224526)による。',
    },
    null,
  );

  const reports = await sampleReports(app, moderator);
  for (const postId of reports.veritas) await issues.addEvidence(moderator, veritas.id, postId);
  for (const postId of reports.nt4) await issues.addEvidence(moderator, nt4.id, postId);
}

/** A sample field report: who posts it, and what; the body says it is a sample. */
interface SampleReport {
  member: string;
  platform: string;
  outcome: string;
  hosts: string;
  software?: string;
  body: string;
  /** Other sample members who confirm it, each with their platform. */
  confirmedBy?: [member: string, platform: string][];
  issue?: 'veritas' | 'nt4';
}

const SAMPLE_MARK = '【デモ用のサンプル投稿】';

const SAMPLE_REPORTS: SampleReport[] = [
  {
    member: 'sample-kobayashi',
    platform: 'win2000-sp4',
    outcome: 'problem',
    hosts: '40',
    software: 'VERITAS Backup Exec 8.6',
    body: 'KB885835 の適用後、Backup Exec 8.6 のスケジュール・バックアップが毎晩失敗します。アプリケーション・ログにイベント ID 57480。手動のバックアップは成功します。',
    confirmedBy: [
      ['sample-sato', 'win2000-sp4'],
      ['sample-ito', 'win2000-sp3'],
    ],
    issue: 'veritas',
  },
  {
    member: 'sample-ito',
    platform: 'win2000-sp3',
    outcome: 'problem',
    hosts: '12',
    software: 'VERITAS Backup Exec 8.6',
    body: 'SP3 のファイル・サーバーでも同じ症状です。Backup Exec 9.1 に更新した 2 台では起きていません。',
    issue: 'veritas',
  },
  {
    member: 'sample-sato',
    platform: 'winxp-sp2',
    outcome: 'success',
    hosts: '300',
    body: 'クライアント 300 台に WSUS で配布。再起動後の障害はありません。',
    confirmedBy: [
      ['sample-kobayashi', 'winxp-sp1'],
      ['sample-yamada', 'winxp-sp2'],
    ],
  },
  {
    member: 'sample-yamada',
    platform: 'ws2003',
    outcome: 'success',
    hosts: '25',
    body: 'Windows Server 2003 の 25 台に適用、起動・業務アプリケーションとも問題なし。',
  },
  {
    member: 'sample-nakamura',
    platform: 'nt4-server-sp6a',
    outcome: 'problem',
    hosts: '2',
    body: 'システム・パーティションが 8GB の NT 4.0 サーバーが、適用後の再起動で起動しなくなりました。回復コンソールから元に戻しています。',
    issue: 'nt4',
  },
];

/**
 * A handful of sample field reports with confirmations on several platforms, so that a fresh development board
 * shows its per-platform table, known-issue evidence and search. Written through the same services as members'
 * posts (held first, as a new member's are, then approved by the demo moderator); each says it is a sample.
 */
async function sampleReports(app: INestApplicationContext, moderator: Viewer): Promise<{ veritas: number[]; nt4: number[] }> {
  const users = app.get(UsersService);
  const posts = app.get(PostsService);
  const moderation = app.get(ModerationService);
  const confirmations = app.get(ConfirmationsService);
  const members = new Map<string, Viewer>();
  for (const username of new Set(SAMPLE_REPORTS.flatMap((r) => [r.member, ...(r.confirmedBy ?? []).map(([m]) => m)]))) {
    const user = await users.create({
      username,
      email: `${username}@example.invalid`,
      password: randomBytes(32).toString('base64url'),
      role: Role.Subscriber,
    });
    members.set(username, signedIn(user.id, user.username, Role.Subscriber));
  }
  const { head } = await app.get(ThreadPageService).head('MS04-044', moderator);
  const evidence = { veritas: [] as number[], nt4: [] as number[] };
  for (const report of SAMPLE_REPORTS) {
    const member = members.get(report.member)!;
    const { held } = await posts.approval(member);
    const post = await posts.create(member, head.id, {
      body: `${SAMPLE_MARK}${report.body}`,
      platform: report.platform,
      outcome: report.outcome,
      hosts: report.hosts,
      software: report.software ?? '',
    });
    if (held) await moderation.review(moderator, post.id, true, '');
    for (const [member, platform] of report.confirmedBy ?? [])
      await confirmations.confirm(members.get(member)!, post.id, platform, undefined);
    if (report.issue) evidence[report.issue].push(post.id);
  }
  return evidence;
}

function issueFields(i: Omit<CheckedKnownIssue, 'status' | 'note'>) {
  return {
    title: i.title,
    symptom: i.symptom,
    platforms: i.platforms,
    software: i.software,
    workaround: i.workaround,
    resolution: i.resolution,
    references: i.references.join('\n'),
  };
}
