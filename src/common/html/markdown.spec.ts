import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomUtils, ElementType, parseDocument } from 'htmlparser2';
import { MAX_BODY_CHARS, quoteMarkdown, renderMarkdown } from './markdown';

type DomNode = ReturnType<typeof parseDocument>['children'][number];

const ALLOWED_TAGS = new Set([
  'p',
  'br',
  'em',
  'strong',
  'del',
  's',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'a',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'h3',
  'h4',
  'hr',
]);
const ALLOWED_ATTRIBUTES: Record<string, string[]> = { a: ['href', 'rel'], th: ['class'], td: ['class'] };
const ALIGN_CLASSES = new Set(['align-left', 'align-center', 'align-right']);
const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:']);
const REL = 'nofollow ugc noopener';

/** Everything in the HTML that a browser could turn into script, style or navigation to a foreign scheme. */
function problemsIn(html: string): string[] {
  const problems: string[] = [];
  // Parser-independent: any "<" left unescaped must start an allowed tag, so no other parser can find another one.
  for (const m of html.matchAll(/<\/?([^\s/>]*)/g)) {
    if (!ALLOWED_TAGS.has(m[1])) problems.push(`raw "<" before "${m[1]}"`);
  }
  // A loop, not recursion: hostile input nests deeply, and the recursive walk once overflowed the stack in a full run.
  const pending: DomNode[] = [...parseDocument(html).children];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (node.type === ElementType.Text) continue;
    if (node.type !== ElementType.Tag || !('attribs' in node)) {
      problems.push(`node of type ${node.type}`);
      continue;
    }
    if (!ALLOWED_TAGS.has(node.name)) problems.push(`element <${node.name}>`);
    for (const [name, value] of Object.entries(node.attribs)) {
      if (!(ALLOWED_ATTRIBUTES[node.name] ?? []).includes(name)) problems.push(`attribute ${name} on <${node.name}>`);
      if (/^on/i.test(name) || name === 'style') problems.push(`attribute ${name}`);
      if (name === 'class' && !ALIGN_CLASSES.has(value)) problems.push(`class "${value}"`);
      if (name === 'rel' && value !== REL) problems.push(`rel "${value}"`);
      if (name === 'href') problems.push(...hrefProblems(value));
    }
    if (node.name === 'a' && node.attribs.rel !== REL) problems.push('<a> without rel');
    pending.push(...node.children);
  }
  return problems;
}

// htmlparser2 has already decoded entities; WHATWG URL strips whitespace and tabs the way a browser does.
function hrefProblems(href: string): string[] {
  let protocol = '(relative)';
  try {
    protocol = new URL(href.trim()).protocol;
  } catch {
    // A relative href has no scheme of its own and is refused too.
  }
  return SAFE_SCHEMES.has(protocol) && /^(?:https?|mailto):/i.test(href) ? [] : [`href "${href}"`];
}

const assertInert = (html: string, source: string) => assert.deepEqual(problemsIn(html), [], `${JSON.stringify(source)}\n→ ${html}`);
const textOf = (html: string) => DomUtils.textContent(parseDocument(html));
const linksIn = (html: string) =>
  DomUtils.findAll((e) => e.name === 'a', parseDocument(html).children).map((a) => ({
    href: a.attribs.href,
    text: DomUtils.textContent(a),
  }));

const XSS_VECTORS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '<iframe src=javascript:alert(1)>',
  '<form><button formaction=javascript:alert(1)>x</button></form>',
  "<style>@import 'x'</style>",
  '[x](javascript:alert(1))',
  '[x](JaVaScRiPt:alert(1))',
  '[x](java&#x09;script:alert(1))',
  '[x](&#106;avascript:alert(1))',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[x](vbscript:msgbox(1))',
  '[x](java\\\nscript:alert(1))',
  '[x](<javascript:alert(1)>)',
  '[x]( javascript:alert(1) "t")',
  '<a href="javascript:alert(1)">x</a>',
  '<a href=" javascript:alert(1)">x</a>',
  '![x](https://evil.example/x.png)',
  '![x](javascript:alert(1))',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '</textarea><script>alert(1)</script>',
  '<!-- x --><script>alert(1)</script><![CDATA[x]]>',
  '[x](//evil.example)',
  '[x](\\\\evil.example)',
  '[x](http://example.com/"onmouseover="alert(1))',
  '[x](<http://example.com/ "onmouseover=alert(1)>)',
  '<http://example.com/"onmouseover="alert(1)">',
  'http://example.com/"onmouseover="alert(1)"',
  '[x](http://example.com/ "a\\" onmouseover=\\"alert(1)")',
  '[x][evil]\n\n[evil]: javascript:alert(1)',
  '[x][evil]\n\n[evil]: <javascript:alert(1)> "t"',
  '<javascript:alert(1)>',
  '<JAVASCRIPT:alert(1)>',
  '<vbscript:msgbox(1)>',
  'javascript:alert(1)',
  '```js" onclick="alert(1)\nx\n```',
  '| a |\n|---|\n| <script>alert(1)</script> [x](javascript:alert(1)) |',
  '- [x](javascript:alert(1))\n  > <img src=x onerror=alert(1)>',
  '**[x](javascript:alert(1))**',
  '[<img src=x onerror=alert(1)>](http://example.com)',
  '[x](http://example.com)<a href=javascript:alert(1)>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '&#60;script&#62;alert(1)&#60;/script&#62;',
  '<a\u0000 href=javascript:alert(1)>x</a>',
  '<scr\u0000ipt>alert(1)</script>',
  '\u0000<script>alert(1)</script>',
  '# <script>alert(1)</script>',
];

describe('renderMarkdown', () => {
  it('renders paragraphs, emphasis, strikethrough, inline code and single line breaks', () => {
    const sut = renderMarkdown('一行目 **強調** と *斜体* と ~~取消~~ と `code`\n二行目\n\n次の段落');
    assert.equal(
      sut,
      '<p>一行目 <strong>強調</strong> と <em>斜体</em> と <s>取消</s> と <code>code</code><br />\n二行目</p>\n<p>次の段落</p>\n',
    );
  });

  it('renders emphasis as Japanese writers write it: beside brackets and full-width punctuation, with no spaces', () => {
    assert.equal(renderMarkdown('**「重要」**です'), '<p><strong>「重要」</strong>です</p>\n');
    assert.equal(renderMarkdown('*KB885835（修正）*を適用'), '<p><em>KB885835（修正）</em>を適用</p>\n');
    assert.equal(renderMarkdown('再起動が**必要です。**その後'), '<p>再起動が<strong>必要です。</strong>その後</p>\n');
    // Spaced-out Japanese emphasis still works as before.
    assert.equal(renderMarkdown('これは **重要** です'), '<p>これは <strong>重要</strong> です</p>\n');
  });

  it('shows HTML inside fenced code as text and drops the language class', () => {
    const sut = renderMarkdown('```html\n<script>alert(1)</script>\n\tindented & "quoted"\n```');
    assert.equal(sut, '<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;\n\tindented &amp; "quoted"\n</code></pre>\n');
  });

  it('renders blockquotes, both kinds of lists and a rule', () => {
    const sut = renderMarkdown('> 引用\n\n1. 一\n2. 二\n\n- あ\n- い\n\n---');
    assert.equal(
      sut,
      '<blockquote>\n<p>引用</p>\n</blockquote>\n<ol>\n<li>一</li>\n<li>二</li>\n</ol>\n<ul>\n<li>あ</li>\n<li>い</li>\n</ul>\n<hr />\n',
    );
  });

  it('renders a table and turns column alignment into classes instead of style', () => {
    const sut = renderMarkdown('| OS | 結果 | 台数 |\n|:--|:-:|--:|\n| XP SP2 | 成功 | 12 |');
    assert.equal(
      sut,
      '<table>\n<thead>\n<tr>\n<th class="align-left">OS</th>\n<th class="align-center">結果</th>\n<th class="align-right">台数</th>\n</tr>\n</thead>\n' +
        '<tbody>\n<tr>\n<td class="align-left">XP SP2</td>\n<td class="align-center">成功</td>\n<td class="align-right">12</td>\n</tr>\n</tbody>\n</table>\n',
    );
  });

  it('keeps cells of unaligned columns free of any attribute', () => {
    assert.equal(
      renderMarkdown('| a |\n|---|\n| 1 |'),
      '<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n</tr>\n</tbody>\n</table>\n',
    );
  });

  it('shifts headings below the page h1/h2', () => {
    assert.equal(renderMarkdown('# 一\n## 二\n### 三\n###### 六'), '<h3>一</h3>\n<h4>二</h4>\n<h4>三</h4>\n<h4>六</h4>\n');
  });

  it('marks links, autolinks, bare URLs and e-mail addresses as user content without a target', () => {
    const sut = renderMarkdown(
      '[KB891531](https://support.microsoft.com/kb/891531) <http://example.com/a?b=1&c=2> https://example.org/x www.example.net <admin@example.com>',
    );
    assert.equal(
      sut,
      '<p><a href="https://support.microsoft.com/kb/891531" rel="nofollow ugc noopener">KB891531</a> ' +
        '<a href="http://example.com/a?b=1&amp;c=2" rel="nofollow ugc noopener">http://example.com/a?b=1&amp;c=2</a> ' +
        '<a href="https://example.org/x" rel="nofollow ugc noopener">https://example.org/x</a> ' +
        '<a href="http://www.example.net" rel="nofollow ugc noopener">www.example.net</a> ' +
        '<a href="mailto:admin@example.com" rel="nofollow ugc noopener">admin@example.com</a></p>\n',
    );
  });

  it('ends a bare URL where Japanese text follows it', () => {
    const sut = renderMarkdown(
      'http://support.microsoft.com/kb/891531を参照。詳細はhttps://example.com/a（英語）、www.example.comも。連絡はfoo@example.comまで',
    );
    assert.deepEqual(linksIn(sut), [
      { href: 'http://support.microsoft.com/kb/891531', text: 'http://support.microsoft.com/kb/891531' },
      { href: 'https://example.com/a', text: 'https://example.com/a' },
      { href: 'http://www.example.com', text: 'www.example.com' },
      { href: 'mailto:foo@example.com', text: 'foo@example.com' },
    ]);
    assert.equal(
      textOf(sut),
      'http://support.microsoft.com/kb/891531を参照。詳細はhttps://example.com/a（英語）、www.example.comも。連絡はfoo@example.comまで\n',
    );
  });

  it('still drops trailing punctuation of a bare URL cut short by Japanese text', () => {
    assert.deepEqual(linksIn(renderMarkdown('(http://example.com/x).と「http://example.com/y」')), [
      { href: 'http://example.com/x', text: 'http://example.com/x' },
      { href: 'http://example.com/y', text: 'http://example.com/y' },
    ]);
  });

  it('links a URL with Japanese in it only when written inside <> or as a Markdown link', () => {
    assert.deepEqual(
      linksIn(renderMarkdown('<https://ja.wikipedia.org/wiki/修正プログラム> [記事](https://ja.wikipedia.org/wiki/パッチ)')),
      [
        {
          href: 'https://ja.wikipedia.org/wiki/%E4%BF%AE%E6%AD%A3%E3%83%97%E3%83%AD%E3%82%B0%E3%83%A9%E3%83%A0',
          text: 'https://ja.wikipedia.org/wiki/修正プログラム',
        },
        { href: 'https://ja.wikipedia.org/wiki/%E3%83%91%E3%83%83%E3%83%81', text: '記事' },
      ],
    );
  });

  it('leaves file names that end in a country domain unlinked', () => {
    // Patch reports are full of names like ksproxy.ax (.ax is Åland) that fuzzy linking would turn into links.
    assert.equal(renderMarkdown('ksproxy.ax と readme.md と example.com を確認'), '<p>ksproxy.ax と readme.md と example.com を確認</p>\n');
  });

  it('keeps Japanese text as written: full-width, half-width kana, emoji and rare kanji', () => {
    const text = '全角ＡＢＣ１２３　スペース、半角ｶﾞｲﾄﾞﾗｲﾝ､絵文字😀👨‍👩‍👧🇯🇵、𠮷野家〜①㈱ "引用符" -- ...';
    assert.equal(renderMarkdown(text), `<p>${text}</p>\n`);
  });

  it('drops control characters but keeps tabs and turns CRLF into LF', () => {
    assert.equal(renderMarkdown('a\u0000b\u0007c\u001b\r\nd\u000bx\u000cy\u007f'), '<p>abc<br />\ndxy\u007f</p>\n');
    assert.equal(renderMarkdown('```\na\tb\r\n```'), '<pre><code>a\tb\n</code></pre>\n');
  });

  it('turns an image into a plain link to it', () => {
    // Images are not allowed on the board at all.
    assert.equal(
      renderMarkdown('![図](https://example.com/x.png)'),
      '<p>!<a href="https://example.com/x.png" rel="nofollow ugc noopener">図</a></p>\n',
    );
  });

  it('keeps the text of links to relative, protocol-relative or other-scheme addresses but not the link', () => {
    assert.equal(renderMarkdown('[a](//evil.example) [b](/threads/1) [c](ftp://example.com/) [d](tel:0120)'), '<p>a b c d</p>\n');
    assert.equal(renderMarkdown('[**太字** と `code`](//evil.example)'), '<p><strong>太字</strong> と <code>code</code></p>\n');
  });

  it('shows raw HTML as text', () => {
    assert.equal(renderMarkdown('<script>alert(1)</script>'), '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n');
    assert.equal(renderMarkdown('<b onclick="x()">太字</b>'), '<p>&lt;b onclick="x()"&gt;太字&lt;/b&gt;</p>\n');
  });

  for (const vector of XSS_VECTORS) {
    it(`keeps ${JSON.stringify(vector)} inert`, () => {
      const sut = renderMarkdown(vector);
      assertInert(sut, vector);
      // Rendering stored HTML again by mistake must stay just as harmless (double escaping is fine).
      assertInert(renderMarkdown(sut), sut);
      // Quoting the post in a reply must not make it any less inert.
      assertInert(renderMarkdown(quoteMarkdown('田中', 1, vector)), vector);
    });
  }

  it('never lets javascript: links through, whatever the spelling', () => {
    const hrefs = XSS_VECTORS.flatMap((vector) => linksIn(renderMarkdown(vector)).map((link) => link.href));
    for (const href of hrefs) assert.doesNotMatch(href ?? '', /script:|^\s*data:/i);
  });

  it(`renders ${MAX_BODY_CHARS}-character bodies, including pathological ones, without hanging`, () => {
    // Only completion is asserted: a catastrophic regex would take minutes, not milliseconds.
    const bodies = [
      '本文'.repeat(MAX_BODY_CHARS / 2),
      '*a'.repeat(MAX_BODY_CHARS / 2),
      '*'.repeat(MAX_BODY_CHARS / 2 - 1) + 'a' + '*'.repeat(MAX_BODY_CHARS / 2),
      '['.repeat(MAX_BODY_CHARS),
      '[a]('.repeat(MAX_BODY_CHARS / 4),
      '<'.repeat(MAX_BODY_CHARS),
      '> '.repeat(MAX_BODY_CHARS / 2),
      '- '.repeat(MAX_BODY_CHARS / 2),
      '`'.repeat(MAX_BODY_CHARS),
      '&#'.repeat(MAX_BODY_CHARS / 2),
      'http://a.example/あ'.repeat(MAX_BODY_CHARS / 20),
      'www.'.repeat(MAX_BODY_CHARS / 4),
      'a@'.repeat(MAX_BODY_CHARS / 2),
      '|a|b|\n|-|-|\n' + '|1|2|\n'.repeat((MAX_BODY_CHARS - 12) / 6),
    ];
    for (const body of bodies) {
      assert.ok(body.length <= MAX_BODY_CHARS);
      const sut = renderMarkdown(body);
      assertInert(sut, body.slice(0, 20));
    }
  });
});

describe('quoteMarkdown', () => {
  it('names the post and its author, then quotes every line', () => {
    const sut = quoteMarkdown('田中', 12, 'XP SP2 で成功。\n\n再起動は1回');
    assert.equal(sut, '> **#12 田中** さん:\n>\n> XP SP2 で成功。\n>\n> 再起動は1回\n\n');
  });

  it('quotes lines split by CR, CRLF or LF alike, so none escapes the quote', () => {
    // markdown-it treats a lone CR as a line break too.
    const sut = quoteMarkdown('田中', 3, 'a\rb\r\nc\n\n\nd\n');
    assert.equal(sut, '> **#3 田中** さん:\n>\n> a\n> b\n> c\n>\n>\n> d\n\n');
  });

  it('keeps the reply outside the quote even after an unclosed fence or a lazy paragraph', () => {
    for (const source of ['```\nコード', 'paragraph\\', '- item\n\n      code', '<!--', '[a]: http://example.com "title', '> > 深い引用']) {
      const html = renderMarkdown(quoteMarkdown('田中', 5, source) + '返信です');
      const doc = parseDocument(html);
      const last = doc.children.filter((n) => n.type === ElementType.Tag).at(-1);
      assert.ok(
        last && 'name' in last && last.name === 'p' && DomUtils.textContent(last) === '返信です',
        `${JSON.stringify(source)}\n→ ${html}`,
      );
      assert.equal(DomUtils.findAll((e) => e.name === 'blockquote', doc.children).filter((q) => q.parent === doc).length, 1, source);
    }
  });

  it('shows the author name as plain text, whatever Markdown it contains', () => {
    const sut = renderMarkdown(quoteMarkdown('**x** [a](http://evil.example) <b>\n# h', 7, 'x'));
    assert.equal(
      sut,
      '<blockquote>\n<p><strong>#7 **x** [a](http://evil.example) &lt;b&gt; # h</strong> さん:</p>\n<p>x</p>\n</blockquote>\n',
    );
  });

  it('refuses a post number that is not a positive whole number', () => {
    for (const n of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])
      assert.throws(() => quoteMarkdown('田中', n, 'x'), RangeError, String(n));
  });
});
