import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { softwareKey, softwareMatches, softwareWords } from './software-match';

const names = (line: string, issue: string) => softwareMatches(softwareKey(line), softwareKey(issue));

describe('software match rule', () => {
  it('names an issue when the line’s words are whole words of its software, in order', () => {
    assert.ok(names('Backup Exec', 'VERITAS Backup Exec 8.6'));
    assert.ok(names('VERITAS Backup Exec 8.6', 'VERITAS Backup Exec 8.6'));
    assert.ok(names('exec', 'VERITAS Backup Exec 8.6'));
    assert.ok(!names('Exec Backup', 'VERITAS Backup Exec 8.6'));
    assert.ok(!names('Backup Exec 9.1', 'VERITAS Backup Exec 8.6'));
    assert.ok(!names('Exec', 'Executive Software Diskeeper'));
    assert.ok(!names('Backup Exec', 'VERITAS Backup'));
  });

  it('ignores case, width and punctuation (NFKC)', () => {
    assert.ok(names('ｂａｃｋｕｐ　ＥＸＥＣ', 'VERITAS Backup Exec 8.6'));
    assert.ok(names('BACKUP-EXEC', 'VERITAS Backup Exec 8.6'));
    assert.ok(names('backup exec 8.6', 'VERITAS Backup Exec ８．６'));
    assert.ok(names('ﾊﾞｯｸｱｯﾌﾟ', 'バックアップ ソフト'));
  });

  it('reads kanji, kana and Latin runs as separate words', () => {
    assert.deepEqual(softwareWords('ウイルスバスター2004 企業版'), ['ウイルスバスター', '2004', '企業版']);
    assert.ok(names('ウイルスバスター', 'トレンドマイクロ ウイルスバスター2004'));
    assert.ok(!names('バスター', 'ウイルスバスター2004'));
  });

  it('never matches an empty line or one without words', () => {
    assert.equal(softwareKey('  -- '), '');
    assert.ok(!softwareMatches('', softwareKey('Backup Exec')));
    assert.ok(!names('Backup Exec', ''));
  });

  it('keys hold no LIKE wildcards, so the SQL test is the same as this one', () => {
    assert.doesNotMatch(softwareKey('100% _sure_ a\\b'), /[%_\\]/);
  });
});
