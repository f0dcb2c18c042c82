import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cutAt, SharedParts, splicedPage } from './shared-parts';

const parts = (spliced: Buffer[][]): SharedParts => ({ token: 'TOKEN', mark: '\u0001M\u0001', stored: {}, keep: () => undefined, spliced });

describe('cutAt', () => {
  it('cuts at every separator, keeping empty pieces at the ends', () =>
    assert.deepEqual(
      cutAt(Buffer.from('|a||b|'), Buffer.from('|')).map(String),
      ['', 'a', '', 'b', ''],
    ));
  it('gives the whole for no separator', () => assert.deepEqual(cutAt(Buffer.from('障害'), Buffer.from('|')).map(String), ['障害']));
  it('leaves Japanese text whole around an ASCII separator', () =>
    assert.deepEqual(cutAt(Buffer.from('起動しない<m>障害'), Buffer.from('<m>')).map(String), ['起動しない', '障害']));
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
