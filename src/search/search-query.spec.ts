import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ftsMatch, ftsTiers, MAX_QUERY_CHARS, parseQuery, Term, tsQuery, tsTiers } from './search-query';

const terms = (q: string) => {
  const sut = parseQuery(q);
  assert.equal(sut.problem, null, `${q}: ${sut.problem}`);
  return sut.terms;
};
const phrase = (tokens: string[], extra: Partial<Extract<Term, { type: 'phrase' }>> = {}): Term => ({
  type: 'phrase',
  tokens,
  prefix: false,
  ...extra,
});

describe('parseQuery', () => {
  it('1 Japanese character: any occurrence', () => assert.deepEqual(terms('障'), [{ type: 'char', char: '障' }]));
  it('2 characters: one bigram', () => assert.deepEqual(terms('障害'), [phrase(['障害'])]));
  it('3+ characters: a phrase of bigrams', () => assert.deepEqual(terms('障害時'), [phrase(['障害', '害時'])]));
  it('a verb also carries its other forms; quoted, it does not', () => {
    const forms = ['起動し', '起動す', '起動さ', '起動せ', '起動でき'];
    assert.deepEqual(terms('起動しない'), [phrase(['起動', '動し', 'しな', 'ない'], { forms })]);
    assert.deepEqual(terms('"起動しない"'), [phrase(['起動', '動し', 'しな', 'ない'])]);
  });
  it("a verb's other forms rank below what was typed, on both engines", () => {
    const t = terms('起動しない');
    const exact = ftsMatch(t);
    const any = ftsMatch(t, true);
    assert.equal(any, '("起動 動し" OR "起動 動す" OR "起動 動さ" OR "起動 動せ" OR "起動 動で でき")');
    const fts = ftsTiers(t);
    assert.deepEqual(
      fts.map((tier) => tier.curated),
      [true, true, false, true, false],
    );
    assert.ok(fts.slice(3).every((tier) => tier.expression.includes(any) && tier.expression.endsWith(`NOT (${exact})`)));
    const ts = tsTiers(t);
    assert.deepEqual(
      ts.map((tier) => tier.curated),
      [true, true, false, true, false],
    );
    assert.ok(ts.slice(3).every((tier) => tier.expression.includes(tsQuery(t, true)) && tier.expression.endsWith(`!(${tsQuery(t)})`)));
    // On PostgreSQL the bigrams every form shares are written once (the same matches, one doclist read).
    assert.equal(tsQuery(t, true), "('起動' <-> ('動し' | '動す' | '動さ' | '動せ' | '動で' <-> 'でき'))");
    assert.equal(tsQuery(terms('動かない'), true), "('動か' | '動き' | '動く' | '動け' | '動こ' | '動い')", 'no bigram shared');
    assert.equal(ftsTiers(terms('障害')).length, 3);
  });
  it('folds width and case', () => {
    assert.deepEqual(terms('ｶｰﾈﾙ'), terms('カーネル'));
    assert.deepEqual(terms('ＫＢ８８５８３５'), [phrase(['kb885835'])]);
    assert.deepEqual(terms('NTOSKRNL.EXE'), terms('ntoskrnl.exe'));
  });
  it('words joined by punctuation are a phrase', () => {
    assert.deepEqual(terms('ntoskrnl.exe'), [phrase(['ntoskrnl', 'exe'])]);
    assert.deepEqual(terms('MS04-044'), [phrase(['ms04', '044'])]);
  });
  it('a bare KB number also finds the KB word', () => assert.deepEqual(terms('885835'), [phrase(['885835'], { kbNumber: '885835' })]));
  it('ANDs words, and splits scripts', () => {
    assert.deepEqual(terms('Backup 失敗'), [phrase(['backup']), phrase(['失敗'])]);
    assert.deepEqual(terms('Backup失敗'), [phrase(['backup']), phrase(['失敗'])]);
    assert.deepEqual(terms('起動　しない'), [phrase(['起動']), phrase(['しな', 'ない'])]);
  });
  it('a quoted phrase stays one phrase across scripts', () => {
    assert.deepEqual(terms('"Backup Exec"'), [phrase(['backup', 'exec'])]);
    assert.deepEqual(terms('"Exec 8.6の"'), [phrase(['exec', '8', '6', 'の'], { prefix: true })]);
    assert.deepEqual(terms('“失敗 Backup”'), [phrase(['失敗', '敗', 'backup'])]);
    assert.deepEqual(terms('"起動 しない"'), [phrase(['起動', '動し', 'しな', 'ない'])]);
    assert.deepEqual(terms('"障"'), [{ type: 'char', char: '障' }]);
  });
  it('an unclosed quote runs to the end', () => assert.deepEqual(terms('"Backup Exec'), [phrase(['backup', 'exec'])]));
  it('treats operators, wildcards and SQL as text', () => {
    assert.deepEqual(terms('Backup OR NOT -Exec*'), [phrase(['backup']), phrase(['or']), phrase(['not']), phrase(['exec'])]);
    assert.deepEqual(terms("' OR 1=1 --"), [phrase(['or']), phrase(['1', '1'])]);
    assert.deepEqual(terms('100% _x_ a\\b'), [phrase(['100']), phrase(['x']), phrase(['a', 'b'])]);
  });
  it('drops repeated terms', () => assert.deepEqual(terms('exec Exec EXEC'), [phrase(['exec'])]));
  it('in the software field, single characters are prefixes of that field', () => {
    assert.deepEqual(parseQuery('Backup 障', 'software').terms, [
      phrase(['backup'], { field: 'software' }),
      phrase(['障'], { field: 'software', prefix: true }),
    ]);
  });
  it('reports what cannot be searched', () => {
    assert.equal(parseQuery('').problem, 'noTerms');
    assert.equal(parseQuery('  %_\\ "" ・、。 ').problem, 'noTerms');
    assert.equal(parseQuery('あ'.repeat(MAX_QUERY_CHARS)).problem, null);
    assert.equal(parseQuery('あ'.repeat(MAX_QUERY_CHARS + 1)).problem, 'tooLong');
    assert.equal(parseQuery(Array.from({ length: 21 }, (_, i) => `w${i}`).join(' ')).problem, 'tooManyTerms');
  });
});

describe('ftsMatch', () => {
  it('quotes every token and joins terms with AND', () => {
    assert.equal(ftsMatch(terms('起動しない Backup 障')), '"起動 動し しな ない" AND "backup" AND "u_障"');
  });
  it('writes prefixes, KB numbers, fields and facets', () => {
    assert.equal(ftsMatch(terms('"Exec の"')), '"exec の" *');
    assert.equal(ftsMatch(terms('885835')), '("885835" OR "u_885835")');
    assert.equal(
      ftsMatch([...parseQuery('Backup Exec', 'software').terms, { type: 'facet', token: 'k_report' }]),
      'software : "backup" AND software : "exec" AND "k_report"',
    );
  });
});

describe('tsQuery', () => {
  it('writes phrases with <->, prefixes, weights and alternatives', () => {
    assert.equal(tsQuery(terms('起動しない Backup 障')), "('起動' <-> '動し' <-> 'しな' <-> 'ない') & 'backup' & 'u_障'");
    assert.equal(tsQuery(terms('"Exec の"')), "('exec' <-> 'の':*)");
    assert.equal(tsQuery(terms('885835')), "('885835' | 'u_885835')");
    assert.equal(
      tsQuery([...parseQuery('"Backup Exec"', 'software').terms, { type: 'facet', token: 'k_report' }]),
      "('backup':B <-> 'exec':B) & 'k_report'",
    );
  });
});

describe('best-match tiers', () => {
  it('FTS5: title holds every term, then other curated documents (both from the curated index), then posts', () => {
    assert.deepEqual(ftsTiers(terms('"起動しない" 障')), [
      { expression: '(title : "起動 動し しな ない" AND title : "障" *)', curated: true, titles: true },
      {
        expression: '("起動 動し しな ない" AND "u_障") NOT (title : "起動 動し しな ない" AND title : "障" *)',
        curated: true,
      },
      { expression: '("起動 動し しな ない" AND "u_障") NOT ("k_known_2dissue" OR "k_advisory")', curated: false },
    ]);
  });
  it('a filter is not in the title: the first tier keeps every term beside the title', () => {
    const filtered: Term[] = [...terms('障害'), { type: 'facet', token: 'k_advisory' }];
    assert.equal(ftsTiers(filtered)[0].expression, '("障害" AND "k_advisory") AND (title : "障害")');
    assert.equal(tsTiers(filtered)[0].expression, "('障害' & 'k_advisory') & ('障害':A)");
    // A filter's token is not a title's: the tier reads the whole documents' tokens.
    assert.equal(tsTiers(filtered)[0].titles, false);
  });
  it('tsquery: the title is weight A', () => {
    assert.deepEqual(tsTiers(terms('885835')), [
      { expression: "(('885835':A | 'kb885835':A))", curated: true, titles: true },
      { expression: "(('885835' | 'u_885835')) & !(('885835':A | 'kb885835':A))", curated: true },
      { expression: "(('885835' | 'u_885835')) & !('k_known_2dissue' | 'k_advisory')", curated: false },
    ]);
  });
});
