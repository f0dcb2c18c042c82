import { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AdvisoriesService } from './advisories/advisories.service';
import { parseAdvisoryFile } from './advisories/advisory-import';
import { CheckedKnownIssue, KnownIssuesService } from './known-issues/known-issues.service';
import { Role, signedIn } from './policy/viewer';
import { UsersService } from './users/users.service';
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

  await issues.create(
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
