import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SaxesParser } from 'saxes';
import { renderAtom, stripNonXmlChars, tagUri, xmlAttr, xmlText } from './atom';

/** Throws on anything that is not well-formed XML 1.0 (saxes is a strict, conforming parser). */
function texts(xml: string): Map<string, string[]> {
  const parser = new SaxesParser({ xmlns: true });
  const found = new Map<string, string[]>();
  const stack: string[] = [];
  parser.on('opentag', (tag) => stack.push(tag.local));
  parser.on('closetag', () => stack.pop());
  parser.on('text', (text) => {
    const key = stack.join('/');
    found.set(key, [...(found.get(key) ?? []), text]);
  });
  parser.write(xml).close();
  return found;
}

describe('Atom writer', () => {
  it('strips what XML 1.0 does not allow and keeps everything it does', () => {
    assert.equal(stripNonXmlChars('a\u0000b\u0007c\u001bd\u000be\u000cf'), 'abcdef');
    assert.equal(stripNonXmlChars('tab\tLF\nCR\r'), 'tab\tLF\nCR\r');
    assert.equal(stripNonXmlChars('lone\ud800 high, lone\udc00 low, \ufffe\uffff'), 'lone high, lone low, ');
    assert.equal(stripNonXmlChars('DEL\u007f C1\u0080\u009f NEL\u0085'), 'DEL C1 NEL\u0085');
    assert.equal(stripNonXmlChars('起動しない 😀 ｶﾅ \u00a0'), '起動しない 😀 ｶﾅ \u00a0');
  });

  it('escapes markup in text and attributes', () => {
    assert.equal(xmlText('<b>&amp; "x" \'y\'</b>\r'), '&lt;b&gt;&amp;amp; "x" \'y\'&lt;/b&gt;&#13;');
    assert.equal(xmlAttr('a"b\'c<d>&e\tf\ng'), 'a&quot;b&apos;c&lt;d&gt;&amp;e&#9;f&#10;g');
  });

  it('makes tag: URIs from the public base URL, path prefix included, port left out', () => {
    assert.equal(tagUri('https://bbs.example', '/posts/12'), 'tag:bbs.example,2026:/posts/12');
    assert.equal(tagUri('http://localhost:3000', '/posts/12'), 'tag:localhost,2026:/posts/12');
    assert.equal(tagUri('https://example.org/hfr', 'posts/12'), 'tag:example.org,2026:/hfr/posts/12');
  });

  it('writes a well-formed document whatever the text holds, and the text reads back as written', () => {
    const nasty = 'A]]><![CDATA[ & <script>alert(1)</script> "q" \u0001\u0008 起動しない\r\n次の行';
    const xml = renderAtom({
      id: 'tag:bbs.example,2026:/latest.atom',
      title: nasty,
      updated: new Date('2026-01-02T03:04:05.678Z'),
      selfUrl: 'https://bbs.example/latest.atom?a=1&b=2',
      alternateUrl: 'https://bbs.example/',
      authors: [{ name: nasty, uri: 'https://bbs.example/users/x' }],
      lang: 'ja',
      entries: [
        {
          id: 'tag:bbs.example,2026:/posts/1',
          title: nasty,
          updated: new Date(0),
          links: [{ href: 'https://bbs.example/posts/1?x="1"' }],
          contentHtml: `<p>${nasty}</p>`,
        },
      ],
    });
    const found = texts(xml);
    const clean = nasty.replace(/[\u0001\u0008]/g, '');
    assert.deepEqual(found.get('feed/title'), [clean]);
    assert.deepEqual(found.get('feed/entry/title'), [clean]);
    assert.deepEqual(found.get('feed/entry/content'), [`<p>${clean}</p>`]);
    assert.deepEqual(found.get('feed/updated'), ['2026-01-02T03:04:05.678Z']);
    assert.match(xml, /<link rel="self" type="application\/atom\+xml" href="https:\/\/bbs\.example\/latest\.atom\?a=1&amp;b=2"\/>/);
  });
});
