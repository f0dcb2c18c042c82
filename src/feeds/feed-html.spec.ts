import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderMarkdown, quoteMarkdown } from '../common/html/markdown';
import { excerpt, lines, withoutQuotes } from './feed-html';

describe('feed HTML helpers', () => {
  it('takes quotations out of stored HTML, nested ones included, and keeps the rest', () => {
    const html = renderMarkdown(
      `${quoteMarkdown('bob', 3, '秘密の本文\n\n> さらに内側の引用')}私の返事 <b>です</b>\n\n> 二つ目の引用\n\n最後`,
    );
    const sut = withoutQuotes(html, '<p>[quote]</p>');
    assert.doesNotMatch(sut, /秘密の本文|さらに内側の引用|二つ目の引用|blockquote/);
    assert.match(sut, /私の返事 &lt;b&gt;です&lt;\/b&gt;/);
    assert.match(sut, /最後/);
    assert.equal(sut.match(/\[quote\]/g)?.length, 2);
    assert.equal(withoutQuotes('<p>a</p><blockquote><p>b', 'X'), '<p>a</p>X');
    assert.equal(withoutQuotes('<p>&lt;blockquote&gt;</p>', 'X'), '<p>&lt;blockquote&gt;</p>');
  });

  it('excerpts the poster’s own words for a title', () => {
    assert.equal(excerpt('> **#1 bob** さん:\n> 引用\n\n起動しない\n 二行目 '), '起動しない 二行目');
    assert.equal(excerpt('あ'.repeat(80), 10), `${'あ'.repeat(9)}…`);
    assert.equal(lines('a<b>\nc'), 'a&lt;b&gt;<br>c');
  });
});
