import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  analyze,
  bigrams,
  facet,
  indexColumns,
  normalizeByCharacter,
  normalizeText,
  normalizeWithOffsets,
  runOf,
  tsvectorLiteral,
} from './search-text';

const tokens = (text: string) => analyze(normalizeText(text)).tokens.map((t) => t.text);

describe('normalizeText', () => {
  const cases: [string, string][] = [
    ['ＫＢ８８５８３５', 'kb885835'],
    ['ｶｰﾈﾙ', 'カーネル'],
    ['ｶﾞｲﾄﾞ', 'ガイド'],
    ['Ｗｉｎｄｏｗｓ　ＸＰ', 'windows xp'],
    ['NTOSKRNL.EXE', 'ntoskrnl.exe'],
    ['nt\u00adoskrnl\u200b', 'ntoskrnl'],
    ['①', '1'],
  ];
  for (const [input, expected] of cases) it(`${input} → ${expected}`, () => assert.equal(normalizeText(input), expected));
});

describe('normalizeWithOffsets', () => {
  it('maps every normalized unit back to the original range it came from', () => {
    const sut = normalizeWithOffsets('ｶﾞｲﾄﾞ ＫＢ1');
    assert.equal(sut.text, 'ガイド kb1');
    // ガ came from "ｶﾞ" (two characters), イ from ｲ, ド from "ﾄﾞ".
    assert.deepEqual([0, 1, 2].map(sut.from), [0, 2, 3]);
    assert.deepEqual([0, 1, 2].map(sut.to), [2, 3, 5]);
    assert.deepEqual([sut.from(4), sut.to(4)], [6, 7]);
  });

  it('agrees with the fast path on ordinary text', () => {
    const text = 'Windows 2000 で ＶＥＲＩＴＡＳ Backup Exec 8.6 のｽｹｼﾞｭｰﾙ・バックアップが失敗する(KB891531)';
    assert.equal(normalizeWithOffsets(text).text, normalizeText(text));
  });

  it('takes the one-to-one shortcut only where it gives what normalizing each character gives', () => {
    // Every character the shortcut accepts, alone and beside each kind of neighbour.
    const accepted: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      if (/[\t\n\r\x20-\x7e\u3000-\u3029\u3030-\u303f\u3041-\u3096\u30a1-\u30fc\u4e00-\u9fff\uff01-\uff5e\uff66-\uff9d]/.test(ch))
        accepted.push(ch);
    }
    const neighbours = ['a', 'Ａ', 'か', 'カ', 'ｶ', '漢', '。', ' '];
    for (const ch of accepted) {
      for (const text of [ch, ...neighbours.flatMap((n) => [n + ch, ch + n])]) {
        const fast = normalizeWithOffsets(text);
        const slow = normalizeByCharacter(text);
        const units = Array.from({ length: fast.text.length }, (_, i) => i);
        if (fast.text !== slow.text || units.some((i) => fast.from(i) !== slow.from(i) || fast.to(i) !== slow.to(i)))
          assert.fail(`differs on ${JSON.stringify(text)}`);
      }
    }
    assert.ok(accepted.length > 20_000);
    // ﾞ after ｶ composes: never the shortcut.
    assert.equal(normalizeWithOffsets('ｶﾞ').to(0), 2);
  });

  it('keeps characters outside the BMP whole', () => {
    const sut = normalizeWithOffsets('𠮷野家');
    assert.equal(sut.text, '𠮷野家');
    assert.deepEqual([sut.from(0), sut.to(1), sut.from(2)], [0, 2, 2]);
  });
});

describe('analyze', () => {
  it('cuts Japanese into bigrams closed by the last character', () => {
    assert.deepEqual(tokens('起動しない'), ['起動', '動し', 'しな', 'ない', 'い']);
    assert.deepEqual(tokens('障'), ['障']);
  });

  it('keeps Latin and digit runs as words, split by punctuation', () => {
    assert.deepEqual(tokens('ntoskrnl.exe を置き換える'), ['ntoskrnl', 'exe', 'を置', '置き', 'き換', '換え', 'える', 'る']);
    assert.deepEqual(tokens('%SystemRoot%\\system32\\msv1_0.dll'), ['systemroot', 'system32', 'msv1', '0', 'dll']);
  });

  it('separates scripts and punctuation', () => {
    assert.deepEqual(tokens('Windowsカーネル'), ['windows', 'カー', 'ーネ', 'ネル', 'ル']);
    assert.deepEqual(tokens('バックアップ・ジョブ'), ['バッ', 'ック', 'クア', 'アッ', 'ップ', 'プ', 'ジョ', 'ョブ', 'ブ']);
    assert.deepEqual(tokens('起動、停止'), ['起動', '動', '停止', '止']);
  });

  it('makes one word of a KB number, however it is written', () => {
    for (const text of ['KB885835', 'kb 885835', 'KB-885835', 'ＫＢ８８５８３５']) assert.deepEqual(tokens(text), ['kb885835'], text);
    assert.deepEqual(tokens('KB 12'), ['kb', '12']);
  });

  it('puts each Japanese character and each KB number once in the extra tokens', () => {
    const sut = analyze(normalizeText('起動起動 KB891531'));
    assert.deepEqual([...sut.extra].sort(), ['u_891531', 'u_動', 'u_起']);
  });

  it('cuts very long words', () => {
    assert.equal(tokens('a'.repeat(500))[0].length, 60);
  });

  it('gives offsets into the normalized text', () => {
    const sut = analyze('abc 起動');
    assert.deepEqual(
      sut.tokens.map((t) => [t.start, t.end]),
      [
        [0, 3],
        [4, 6],
        [5, 6],
      ],
    );
    assert.deepEqual(sut.runs, [{ text: '起動', start: 4, end: 6 }]);
  });
});

describe('bigrams', () => {
  it('pairs neighbours', () => assert.deepEqual(bigrams('カーネル'), ['カー', 'ーネ', 'ネル']));
  it('keeps a single character', () => assert.deepEqual(bigrams('障'), ['障']));
});

describe('runOf', () => {
  it('gives back the run of its bigrams', () => {
    for (const run of ['起動しない', '障害', 'サポート窓口', '𠮷野家で']) assert.equal(runOf(bigrams(run)), run);
  });
  it('gives null for words, single characters and bigrams that do not chain', () => {
    assert.equal(runOf(['ntoskrnl', 'exe']), null);
    assert.equal(runOf(['ab', 'bc']), null);
    assert.equal(runOf(['障']), null);
    assert.equal(runOf(['起動', 'しな']), null);
    assert.equal(runOf(['exec', '失敗']), null);
    assert.equal(runOf([]), null);
  });
});

describe('facet', () => {
  it('makes tokens of letters, digits and escapes only', () => {
    assert.equal(facet.advisory('MS04-044'), 'a_ms04_2d044');
    assert.equal(facet.platform('win2000-sp4'), 'p_win2000_2dsp4');
    assert.equal(facet.platform('win2000.sp4'), 'p_win2000_2esp4');
    assert.equal(facet.outcome('install-failed'), 'o_install_2dfailed');
    assert.equal(facet.kind('known-issue'), 'k_known_2dissue');
  });
});

describe('indexColumns and tsvectorLiteral (the bulk path)', () => {
  const source = { title: 'カーネル', software: 'Backup Exec', body: "起動しない KB885835 it's", facets: [facet.kind('report')] };

  it('gives the four FTS5 columns', () => {
    assert.deepEqual(indexColumns(source), {
      title: 'カー ーネ ネル ル',
      software: 'backup exec',
      body: '起動 動し しな ない い kb885835 it s',
      extra: 'u_カ u_ー u_ネ u_ル u_起 u_動 u_し u_な u_い u_885835 k_report',
    });
  });

  it('gives a tsvector with weighted positions, a gap between fields, and extra tokens without positions', () => {
    assert.equal(
      tsvectorLiteral(source),
      "'カー':1A 'ーネ':2A 'ネル':3A 'ル':4A 'backup':6B 'exec':7B '起動':9 '動し':10 'しな':11 'ない':12 'い':13 'kb885835':14 'it':15 's':16 'u_カ' 'u_ー' 'u_ネ' 'u_ル' 'u_起' 'u_動' 'u_し' 'u_な' 'u_い' 'u_885835' 'k_report'",
    );
  });

  it('keeps PostgreSQL limits: positions up to 16383, 256 per lexeme', () => {
    const literal = tsvectorLiteral({ title: '', software: '', body: 'x '.repeat(20000), facets: [] });
    const positions = literal.split(':')[1].split(',');
    assert.equal(positions.length, 256);
    const long = tsvectorLiteral({ title: '', software: '', body: Array.from({ length: 17000 }, (_, i) => `w${i}`).join(' '), facets: [] });
    assert.match(long, /'w16999':16383/);
  });
});
