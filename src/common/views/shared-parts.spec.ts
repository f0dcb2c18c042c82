import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cutPart, cutsOf, cutWith, SharedParts, splicedPage } from './shared-parts';

const parts = (spliced: Buffer[][]): SharedParts => ({ token: 'TOKEN', mark: '\u0001M\u0001', stored: {}, keep: () => undefined, spliced });

describe('cutPart', () => {
  const text = (part: Buffer[][]) => part.map((piece) => piece.map(String));
  it('cuts at every mark, keeping empty pieces at the ends', () =>
    assert.deepEqual(text(cutPart(Buffer.from('|a||b|'), '|', 'T')), [[''], ['a'], [''], ['b'], ['']]));
  it('gives the whole for no mark and no token', () => assert.deepEqual(text(cutPart(Buffer.from('障害'), '|', 'T')), [['障害']]));
  it('cuts each piece where the token stands, tokens at the ends included', () =>
    assert.deepEqual(text(cutPart(Buffer.from('TOKEN起動<m>a TOKEN b TOKEN<m>障害TOKEN'), '<m>', 'TOKEN')), [
      ['', '起動'],
      ['a ', ' b ', ''],
      ['障害', ''],
    ]));
  it('cuts another copy of the same bytes where cutsOf found the cuts once', () => {
    const bytes = Buffer.from('<p>一</p><m>x:0<m><p>TOKEN二</p>');
    const cuts = cutsOf(bytes, '<m>', 'TOKEN');
    assert.deepEqual(text(cutWith(Buffer.from(bytes), cuts)), text(cutPart(bytes, '<m>', 'TOKEN')));
  });
});

describe('splicedPage', () => {
  it('is the text itself when no part was used', () => assert.equal(splicedPage('<p>ページ</p>', parts([])), '<p>ページ</p>'));
  it('is the text itself without shared parts', () => assert.equal(splicedPage('<p>ページ</p>', undefined), '<p>ページ</p>'));
  it('puts each part’s bytes where its place is, in any order', () => {
    const page = splicedPage('<h1>見出し</h1>\u0001M\u00011\u0001M\u0001<hr>\u0001M\u00010\u0001M\u0001', parts([[Buffer.from('<b>一</b>')], [Buffer.from('<i>'), Buffer.from('二'), Buffer.from('</i>')]]));
    assert.ok(Buffer.isBuffer(page));
    assert.equal(page.toString(), '<h1>見出し</h1><i>二</i><hr><b>一</b>');
  });
});
