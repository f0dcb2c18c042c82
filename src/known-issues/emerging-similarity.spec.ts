import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { softwareWords } from '../notifications/software-match';
import { alike, ALIKE_THRESHOLD, SHORT_TEXT_WORDS, symptomSimilarity, symptomTerms, SymptomTermsMemo } from './emerging-similarity';

// Symptom texts as members would write them, from the facts of MS04-044 (HotFix Alert of 2004/12/16):
// Backup Exec 8.6's scheduled backups fail on Windows 2000 (event 57480, KB891531); NT 4.0 no longer boots
// when ntoskrnl.exe lands beyond 7.8 GB of the system partition; antivirus with a replaced kernel slows down.
const TEXTS = {
  backupJa1: '適用後、VERITAS Backup Exec 8.6 のスケジュール・バックアップが失敗するようになった。イベントログに ID 57480 が記録される。',
  backupJa2: 'KB885835 を入れてから Backup Exec 8.6 のスケジュールバックアップが毎晩失敗します。アプリケーションログにイベント ID 57480。',
  backupJa3:
    'Windows 2000 SP4 に適用したところ、Backup Exec のスケジュール・バックアップが失敗。イベントID 57480 が出ている。手動バックアップは成功する。',
  backupEn1: 'After installing KB885835, VERITAS Backup Exec 8.6 scheduled backups fail with application event ID 57480.',
  backupEn2: 'Scheduled backup jobs in Backup Exec 8.6 fail since the update; event ID 57480 in the application log.',
  backupEn3:
    'Since installing the update on our Windows 2000 file servers, every scheduled backup job in VERITAS Backup Exec 8.6 fails overnight and the application log shows event ID 57480. Manual backups still work.',
  bootJa1: 'NT 4.0 サーバに適用して再起動したら OS が起動しなくなった。システム・パーティションが 7.8GB を超えている。',
  bootJa2: '再起動後に OS が起動しない。ntoskrnl.exe が見つからないと表示される。システムパーティションは 12GB。',
  bootEn1: 'Server no longer boots after the reboot: ntoskrnl.exe missing or corrupt. The system partition is larger than 7.8 GB.',
  bootEn2: 'After the reboot the server does not boot, it says ntoskrnl.exe is missing. System partition is 12 GB.',
  slowJa: 'ウイルス対策ソフトと組み合わせると性能が大幅に低下する。CPU 使用率が高いまま。',
  installJa: 'インストールが途中で失敗し、ロールバックされた。ディスクの空き容量が不足しているとのメッセージ。',
  installEn: 'Install fails with error 0x80070005 access denied; the update rolls back.',
  slowEn: 'After installing the update the server is very slow with the antivirus running; CPU stays at 100%.',
};
type Name = keyof typeof TEXTS;

const ALIKE: [Name, Name][] = [
  ['backupJa1', 'backupJa2'],
  ['backupJa1', 'backupJa3'],
  ['backupJa2', 'backupJa3'],
  ['backupEn1', 'backupEn2'],
  ['backupEn1', 'backupEn3'],
  ['backupEn2', 'backupEn3'],
  ['bootJa1', 'bootJa2'],
  ['bootEn1', 'bootEn2'],
];

/** The same symptom told in the other language: alike by the concepts both name. */
const ACROSS: [Name, Name][] = [
  ['backupJa1', 'backupEn1'],
  ['backupJa2', 'backupEn2'],
  ['backupJa3', 'backupEn3'],
  ['bootJa1', 'bootEn1'],
  ['bootJa2', 'bootEn2'],
  ['slowJa', 'slowEn'],
  ['installJa', 'installEn'],
];

const GROUPS: Name[][] = [
  ['backupJa1', 'backupJa2', 'backupJa3', 'backupEn1', 'backupEn2', 'backupEn3'],
  ['bootJa1', 'bootJa2', 'bootEn1', 'bootEn2'],
  ['slowJa', 'slowEn'],
  ['installJa', 'installEn'],
];
const groupOf = (n: Name) => GROUPS.findIndex((g) => g.includes(n));
const names = Object.keys(TEXTS) as Name[];
/** Every pair about different problems. */
const UNLIKE: [Name, Name][] = names.flatMap((a, i) =>
  names
    .slice(i + 1)
    .filter((b) => groupOf(a) !== groupOf(b))
    .map((b): [Name, Name] => [a, b]),
);

const sut = (a: Name, b: Name) => symptomSimilarity(symptomTerms(TEXTS[a]), symptomTerms(TEXTS[b]));

describe('symptomTerms', () => {
  it('cuts Japanese runs into character bigrams with the search tokenizer (NFKC, full-width folded)', () => {
    const { terms } = symptomTerms('起動しない。ＯＳ');
    for (const b of ['起動', '動し', 'しな', 'ない']) assert.ok(terms.has(b), b);
    assert.ok(terms.has('os'), 'full-width Latin becomes the lower-case word');
  });

  it('pairs English words in order, lower case, never across a Japanese run', () => {
    const long = 'Scheduled backup jobs in Backup Exec fail every night since the update was installed on them';
    const { terms, words } = symptomTerms(long);
    assert.ok(words >= SHORT_TEXT_WORDS);
    assert.ok(terms.has('backup exec'));
    assert.ok(terms.has('scheduled backup'));
    assert.equal(terms.has('backup'), false, 'a long text is compared by its pairs alone');
    assert.equal(symptomTerms('Backup の Exec').terms.has('backup exec'), false);
  });

  it('keeps the words of a short text too, single letters and digits left out', () => {
    const { terms } = symptomTerms('Backup Exec 8.6 fails');
    for (const w of ['backup', 'exec', 'fails', 'backup exec', 'exec 8', '8 6']) assert.ok(terms.has(w), w);
    assert.equal(terms.has('8'), false);
  });

  it('has nothing for an empty text, and nothing is like it', () => {
    assert.equal(symptomTerms('').terms.size, 0);
    assert.equal(symptomSimilarity(symptomTerms(''), symptomTerms(TEXTS.backupJa1)), 0);
  });
});

describe('symptomSimilarity and the threshold', () => {
  it('is symmetric and 1 for the same text', () => {
    assert.equal(sut('backupJa1', 'backupJa1'), 1);
    assert.equal(sut('backupJa1', 'bootJa1'), sut('bootJa1', 'backupJa1'));
  });

  it('finds the same symptom alike, in Japanese and in English, however it is worded', () => {
    for (const [a, b] of ALIKE) assert.ok(sut(a, b) >= ALIKE_THRESHOLD, `${a} ~ ${b}: ${sut(a, b).toFixed(2)}`);
  });

  it('finds different problems unlike, the same platform or product words notwithstanding', () => {
    for (const [a, b] of UNLIKE) assert.ok(sut(a, b) < ALIKE_THRESHOLD, `${a} ≁ ${b}: ${sut(a, b).toFixed(2)}`);
  });

  it('leaves a margin on both sides of the threshold (it is no accident of one pair)', () => {
    const lowestAlike = Math.min(...ALIKE.map(([a, b]) => sut(a, b)));
    const highestUnlike = Math.max(...UNLIKE.map(([a, b]) => sut(a, b)));
    assert.ok(lowestAlike - ALIKE_THRESHOLD >= 0.05, `alike from ${lowestAlike.toFixed(2)}`);
    assert.ok(ALIKE_THRESHOLD - highestUnlike >= 0.05, `unlike up to ${highestUnlike.toFixed(2)}`);
  });

  it('finds the same symptom alike across Japanese and English, by the concepts both name', () => {
    for (const [a, b] of ACROSS) assert.ok(sut(a, b) - ALIKE_THRESHOLD >= 0.05, `${a} ~ ${b}: ${sut(a, b).toFixed(2)}`);
  });

  it('leaves out the software both reports name: a true pair across languages meets, a false pair on the same product does not', () => {
    const named = softwareWords('VERITAS Backup Exec 8.6');
    const terms = (text: string) => symptomTerms(text, named);
    const scheduleJa = terms('Backup Exec 8.6 のスケジュールが失敗');
    const scheduleEn = terms('Backup Exec 8.6 scheduled jobs fail');
    assert.ok(alike(scheduleJa, scheduleEn), `true pair: ${symptomSimilarity(scheduleJa, scheduleEn).toFixed(2)}`);
    const crashEn = terms('Backup Exec 8.6 console crashes on startup');
    const serviceJa = terms('Backup Exec 8.6 のサービスが起動しない');
    for (const [x, y] of [
      [scheduleEn, crashEn],
      [scheduleJa, crashEn],
      [scheduleJa, serviceJa],
      [scheduleEn, serviceJa],
    ])
      assert.ok(symptomSimilarity(x, y) <= ALIKE_THRESHOLD - 0.05, `false pair: ${symptomSimilarity(x, y).toFixed(2)}`);
    // With its name counted, the product alone made the false pair look alike.
    assert.ok(alike(symptomTerms('Backup Exec 8.6 scheduled jobs fail'), symptomTerms('Backup Exec 8.6 console crashes on startup')));
  });

  it('does not take one concept of failure for a shared symptom', () => {
    const a = symptomTerms('インストールがエラーで失敗する');
    const b = symptomTerms('Scheduled backup fails with an error');
    assert.deepEqual([...a.concepts].sort(), ['error', 'fail']);
    assert.ok(!alike(a, b), symptomSimilarity(a, b).toFixed(2));
  });

  it('scores a short report saying part of a long one by the short one (overlap, not Jaccard)', () => {
    const short = symptomTerms('Backup Exec 8.6 fails: event ID 57480');
    assert.ok(alike(short, symptomTerms(TEXTS.backupEn3)));
  });
});

describe('SymptomTermsMemo', () => {
  it('gives what symptomTerms gives, for each text and software left out', () => {
    const memo = new SymptomTermsMemo(10_000);
    const named = softwareWords('VERITAS Backup Exec 8.6');
    for (const text of Object.values(TEXTS))
      for (const software of [[], named]) {
        assert.deepEqual(memo.terms(text, software), symptomTerms(text, software));
        assert.deepEqual(memo.terms(text, software), symptomTerms(text, software), 'kept');
      }
    assert.notDeepEqual(memo.terms(TEXTS.backupEn1, named), memo.terms(TEXTS.backupEn1, []), 'the software left out is part of the key');
  });

  it('keeps recently used texts and drops the least recently used past its bound', () => {
    const one = symptomTerms(TEXTS.backupJa1);
    const memo = new SymptomTermsMemo(one.terms.size + one.concepts.size + 1 + symptomTerms(TEXTS.bootJa1).terms.size);
    const kept = memo.terms(TEXTS.backupJa1, []);
    assert.equal(memo.terms(TEXTS.backupJa1, []), kept, 'the same object while held');
    memo.terms(TEXTS.bootJa1, []);
    assert.notEqual(memo.terms(TEXTS.backupJa1, []), kept, 'read again once dropped');
  });
});
