/**
 * Realistic mixed Japanese/English post text for the benchmark data, from a seeded generator so every
 * run of the generator builds the same data set.
 */

/** mulberry32: small, fast and good enough to shape test data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)];

export const SOFTWARE = [
  'VERITAS Backup Exec 8.6',
  'VERITAS Backup Exec 9.1',
  'Symantec AntiVirus Corporate Edition 9.0',
  'Trend Micro ServerProtect 5.58',
  'Citrix MetaFrame XP FR3',
  'Microsoft Exchange Server 2003',
  'Microsoft SQL Server 2000 SP3a',
  'ARCserve 2000',
  'HP OpenView Operations',
  'IBM Lotus Domino 6.5',
  'Oracle 9i Database',
  'JP1/Software Distribution',
  'SMS 2003',
  'ウイルスバスター Corp. 6.5',
  '',
] as const;

const OPENERS = [
  '昨夜 {hosts} 台に KB{kb} を適用しました。',
  'WSUS 経由で {hosts} 台に配布済みです。',
  'Applied {kb} to {hosts} servers over the weekend.',
  '検証環境で先行適用しました（{hosts} 台）。',
  'We rolled this out to {hosts} hosts with SMS last night.',
  '{platform} で再現しました。',
  '本番前の検証で {platform} に入れています。',
  'Pushed via Group Policy to {hosts} clients.',
];
const SYMPTOMS = [
  '再起動後に起動しないサーバーが 1 台ありました。',
  'ntoskrnl.exe のバージョンが更新されていないように見えます。',
  '{software} のスケジュール・バックアップが失敗し、イベント ID 57480 が記録されます。',
  'Scheduled backups with {software} fail after the reboot.',
  '障害は今のところ出ていません。',
  'ログオン画面で停止し、セーフモードでのみ起動できます。',
  'カーネルのページフォールトでブルースクリーンになりました。',
  'No issues so far, event logs are clean.',
  '脆弱性スキャナの警告は消えました。',
  'The install failed with error 0x80070005 on two machines.',
  'インストールに失敗し、ロールバックしました。',
  'ヘルプとサポートが応答しなくなりました。',
  'RDP の接続が切れやすくなった気がします。',
  'WINS の複製が止まり、名前解決に障害が出ました。',
  'Terminal Services sessions hang at logon after the update.',
  'ディスク先頭から 7.8GB を超える位置にシステム・パーティションがあると起動しないようです。',
];
const FOLLOWUPS = [
  '回避策として {software} を最新版に更新したら解消しました。',
  'アンインストールすると元に戻ります。',
  'Removing the update through Add/Remove Programs fixed it.',
  'サポート窓口に問い合わせ中です。',
  '同じ症状の方はいますか？',
  'Anyone else seeing this on {platform}?',
  'イベントログを添付します：\n\n```\nEvent ID 7031: The service terminated unexpectedly.\n```',
  '手順：\n\n1. サービスを停止\n2. 修正プログラムを適用\n3. 再起動',
  '詳しくは KB891531 を参照してください。',
  '',
];

export interface TextContext {
  hosts: number;
  kb: string;
  platform: string;
  software: string;
}

/** One post body in Markdown: an opener, one or two symptoms, maybe a follow-up. */
export function postBody(r: () => number, ctx: TextContext): string {
  const fill = (s: string) =>
    s
      .replace('{hosts}', String(ctx.hosts))
      .replace('{kb}', ctx.kb)
      .replace('{platform}', ctx.platform)
      .replace('{software}', ctx.software || 'バックアップ・ソフト');
  const parts = [fill(pick(r, OPENERS)), fill(pick(r, SYMPTOMS))];
  if (r() < 0.4) parts.push(fill(pick(r, SYMPTOMS)));
  const follow = fill(pick(r, FOLLOWUPS));
  return follow ? `${parts.join('')}\n\n${follow}` : parts.join('');
}
