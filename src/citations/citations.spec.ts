import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldProblems } from '../advisories/advisory-form';
import { formatProblem } from '../advisories/advisory-format';
import { absoluteCitations, citationsIn, splitCitations } from './citations';
import { backlinkMaps } from './citations.repository';

const BASE = 'https://bbs.example.jp';
const paths = (text: string, base = BASE) => citationsIn(text, base).map((c) => c.path);

describe('citations in an editor note', () => {
  it('finds the addresses editors copy from the board, relative or absolute on the board itself', () => {
    assert.deepEqual(paths('報告 /posts/12 と https://bbs.example.jp/posts/34。詳細は/advisories/ms04-044/known-issues#ki4 を参照'), [
      '/posts/12',
      '/posts/34',
      '/advisories/MS04-044/known-issues#ki4',
    ]);
    assert.deepEqual(paths('(https://BBS.example.jp/advisories/MS04-044/known-issues#ki7)'), ['/advisories/MS04-044/known-issues#ki7']);
    assert.deepEqual(paths('「/posts/5」、/posts/6.'), ['/posts/5', '/posts/6']);
  });

  it('ignores addresses on other sites, longer paths and other pages of the board', () => {
    assert.deepEqual(paths('https://other.example/posts/12 example.com/posts/3 https://bbs.example.jp.evil/posts/4'), []);
    assert.deepEqual(paths('/posts/12/edit /posts/12.html /posts/12?x=1 /posts/abc /posts/0 /posts/99999999999'), []);
    assert.deepEqual(
      paths('/advisories/MS04-044/known-issues /advisories/MS04-044/known-issues#ki /advisories/not_an_id/known-issues#ki3'),
      [],
    );
    assert.deepEqual(paths('http://localhost:3000/posts/9'), [], 'absolute only on the configured base');
    assert.deepEqual(paths('http://localhost:3000/posts/9', 'http://localhost:3000'), ['/posts/9']);
  });

  it('counts the same item once and keeps the text around it intact', () => {
    assert.deepEqual(paths('/posts/1 /posts/1 https://bbs.example.jp/posts/1'), ['/posts/1']);
    const text = 'まず /posts/1 を、次に https://bbs.example.jp/advisories/MS04-044/known-issues#ki2 を。';
    const segments = splitCitations(text, BASE);
    assert.equal(segments.map((s) => ('cite' in s ? s.cite.raw : s.text)).join(''), text);
    assert.deepEqual(
      segments.map((s) => ('cite' in s ? s.cite.kind : 'text')),
      ['text', 'post', 'text', 'known-issue', 'text'],
    );
  });

  it('writes every citation as an absolute address for mail, leaving other text alone', () => {
    assert.equal(
      absoluteCitations(
        '見て /posts/1 と https://bbs.example.jp/posts/2、/advisories/ms04-044/known-issues#ki3 https://other.example/posts/4',
        BASE,
      ),
      '見て https://bbs.example.jp/posts/1 と https://bbs.example.jp/posts/2、https://bbs.example.jp/advisories/MS04-044/known-issues#ki3 https://other.example/posts/4',
    );
  });

  it('groups backlinks by what they cite, each to its note anchor', () => {
    const maps = backlinkMaps([
      { kind: 'post', target_id: 7, advisory_id: 'MS04-044', note_index: 0 },
      { kind: 'post', target_id: 7, advisory_id: 'MS05-001', note_index: 2 },
      { kind: 'known-issue', target_id: 3, advisory_id: 'MS04-044', note_index: '1' },
    ]);
    assert.deepEqual(maps.posts.get(7), [
      { advisoryId: 'MS04-044', url: '/advisories/MS04-044#note-1' },
      { advisoryId: 'MS05-001', url: '/advisories/MS05-001#note-3' },
    ]);
    assert.deepEqual(maps.issues.get(3), [{ advisoryId: 'MS04-044', url: '/advisories/MS04-044#note-2' }]);
  });

  it("puts the save's citation problems on the note's body field, with a message key", () => {
    assert.deepEqual(
      fieldProblems([
        formatProblem('editorNotes[3].body', 'unknownCitation', { value: 'https://bbs.example.jp/posts/9' }),
        formatProblem('editorNotes[0].body', 'tooManyCitations', { max: 200 }),
      ]),
      [
        { field: 'editorNotes.3.body', key: 'editor.problem.unknownCitation', params: { value: 'https://bbs.example.jp/posts/9' } },
        { field: 'editorNotes.0.body', key: 'editor.problem.tooManyCitations', params: { max: 200 } },
      ],
    );
  });
});
