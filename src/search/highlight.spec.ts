import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bodySnippet, markText, matchRanges, snippet, SNIPPET_CHUNK, TextPart } from './highlight';
import { parseQuery } from './search-query';

const show = (parts: TextPart[]) => parts.map((p) => (p.mark ? `[${p.text}]` : p.text)).join('');
const marked = (text: string, q: string, field: 'title' | 'software' | 'body' = 'body') =>
  show(markText(text, matchRanges(text, parseQuery(q).terms, field)));

describe('matchRanges + markText', () => {
  it('marks a bigram phrase as one span', () =>
    assert.equal(marked('OSが起動しない。再起動しないと', '起動しない'), 'OSが[起動しない]。再[起動しない]と'));
  it('marks single characters anywhere', () => assert.equal(marked('障害と保障', '障'), '[障]害と保[障]'));
  it('marks the original half-width and full-width forms', () => {
    assert.equal(marked('ｶｰﾈﾙの更新', 'カーネル'), '[ｶｰﾈﾙ]の更新');
    assert.equal(marked('ＫＢ８８５８３５ を適用', 'kb885835'), '[ＫＢ８８５８３５] を適用');
    assert.equal(marked('see KB 885835.', '885835'), 'see [KB 885835].');
    assert.equal(marked('see KB 885835.', 'KB885835'), 'see [KB 885835].');
  });
  it('marks whole words only', () => assert.equal(marked('Backup Exec executes exec', 'exec'), 'Backup [Exec] executes [exec]'));
  it('marks a quoted phrase across scripts, not its words apart', () => {
    assert.equal(marked('Backup Exec 8.6のジョブ、Exec 9.1', '"Exec 8.6の"'), 'Backup [Exec 8.6の]ジョブ、Exec 9.1');
  });
  it('marks software matches only in the software field', () => {
    const terms = parseQuery('Veritas', 'software').terms;
    assert.equal(show(markText('Veritas', matchRanges('Veritas', terms, 'body'))), 'Veritas');
    assert.equal(show(markText('Veritas', matchRanges('Veritas', terms, 'software'))), '[Veritas]');
  });
  it("marks a verb's other forms by their stem", () =>
    assert.equal(marked('再起動後に起動しなくなる。起動できない', '起動しない'), '再起動後に[起動し]なくなる。[起動でき]ない'));
  it('never marks across a run boundary', () => assert.equal(marked('起動、しない', '起動しない'), '起動、しない'));
  it('marks overlapping and neighbouring occurrences of a Japanese phrase as one span', () => {
    assert.equal(marked('あああ', 'ああ'), '[あああ]');
    assert.equal(marked('障害障害 障害', '障害'), '[障害障害] [障害]');
  });
  it('marks a Japanese phrase inside a longer run, and next to Latin words', () =>
    assert.equal(marked('サポート窓口へ。Windowsサポート窓口', 'サポート窓口'), '[サポート窓口]へ。Windows[サポート窓口]'));
  it('marks Japanese and Latin terms of one query together', () =>
    assert.equal(marked('Backup Exec が起動しない。backup は動く', 'backup 起動しない'), '[Backup] Exec が[起動しない]。[backup] は動く'));
});

describe('snippet', () => {
  const long = `${'前置きの文章です。'.repeat(20)}ここで ntoskrnl.exe が起動できない。${'後に続く文章です。'.repeat(20)}`;
  const cut = (q: string) => show(snippet(long, matchRanges(long, parseQuery(q).terms, 'body')));

  it('shows text around the first match with ellipses', () => {
    const s = cut('ntoskrnl');
    assert.match(s, /^….*\[ntoskrnl\]\.exe が起動できない。.*…$/);
    assert.ok(s.length <= 170, `${s.length}`);
  });
  it('shows the beginning when nothing matches in the body', () => assert.match(cut('zzz'), /^前置きの文章です。.*…$/));
  it('collapses whitespace to one line', () => assert.equal(show(snippet('a\n\n  b\tc', [])), 'a b c'));
  it('keeps surrogate pairs whole', () => {
    const text = `${'𠮷'.repeat(100)}起動${'𠮷'.repeat(100)}`;
    const s = show(snippet(text, matchRanges(text, parseQuery('起動').terms, 'body')));
    assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s), 'no lone surrogate');
    assert.match(s, /\[起動\]/);
  });
});

describe('bodySnippet', () => {
  const filler = (n: number) => 'パッチ適用の手順 step by step. '.repeat(n);
  const sut = (text: string, q: string) => show(bodySnippet(text, parseQuery(q).terms));
  it('finds a match deep in a long body and marks it like the whole-text snippet', () => {
    const text = `${filler(300)}ここで起動しない問題が出た。${filler(50)}`;
    assert.equal(sut(text, '起動しない'), show(snippet(text, matchRanges(text, parseQuery('起動しない').terms, 'body'))));
    assert.match(sut(text, '起動しない'), /\[起動しない\]/);
  });
  it('finds a match that straddles a chunk boundary', () => {
    for (let pad = SNIPPET_CHUNK - 20; pad < SNIPPET_CHUNK + 10; pad++) {
      const text = `${'x'.repeat(pad)} ntoskrnl.exe ${filler(200)}`;
      assert.match(sut(text, 'ntoskrnl.exe'), /\[ntoskrnl\.exe\]/, `pad ${pad}`);
    }
  });
  it('finds a Japanese phrase across a boundary in text without spaces', () => {
    for (let pad = SNIPPET_CHUNK - 10; pad < SNIPPET_CHUNK; pad++)
      assert.match(sut(`${'適'.repeat(pad)}起動しない${'用'.repeat(3000)}`, '起動しない'), /\[起動しない\]/, `pad ${pad}`);
  });
  it('begins at the start when nothing matches', () => assert.ok(sut(`${filler(200)}`, '障害').startsWith('パッチ適用の手順')));
  it('gives the same snippet from sections as from their joined text, reading sections only as far as it needs', () => {
    const sections = [
      'MS04-044 KB885835',
      '',
      filler(3),
      `${filler(20)}ここで起動しない問題。`,
      filler(2),
      'ntoskrnl.exe 障害',
      filler(40),
      filler(40),
      filler(40),
    ];
    for (const q of ['起動しない', 'ntoskrnl.exe', '障害', 'MS04-044', '手順', 'nomatch', '"step by"']) {
      let read = 0;
      const lazy = function* () {
        for (const s of sections) {
          read++;
          yield s;
        }
      };
      const whole = sections.filter(Boolean).join('\n');
      assert.equal(show(bodySnippet(lazy(), parseQuery(q).terms)), sut(whole, q), q);
      if (q === '起動しない') assert.ok(read < sections.length, 'the sections after the match are not read');
    }
    // A body of sections shorter than a chunk.
    assert.equal(show(bodySnippet(['a', '', 'b 障害'], parseQuery('障害').terms)), sut('a\nb 障害', '障害'));
  });
});
