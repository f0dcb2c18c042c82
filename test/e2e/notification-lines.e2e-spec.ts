import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseDocument } from 'htmlparser2';
import { KnownIssue } from '../../src/known-issues/known-issue.entity';
import { Notification } from '../../src/notifications/notification.entity';
import { Role } from '../../src/policy/viewer';
import { Post } from '../../src/threads/post.entity';
import { referenceDocument } from '../factories/advisory.factory';
import { boardApp, ID, THREAD } from '../support/board';
import { all, hasClass, one, textOf } from '../support/dom';
import { assertValidHtml } from '../support/html';
import { formPairs } from '../support/forms';
import { member, Member, submit } from '../support/members';
import { issueForm, issueThroughForm, postThroughForm, reportForm } from '../support/posting';
import { TestApp } from '../support/test-app';

// ---------------------------------------------------------------------------------------------
// Each notification says who did what to what, in the reader's language (issue 19, item 5): the
// lines of /notifications for every kind, in Japanese and English, and for rows written before
// notifications carried what their line needs.
// ---------------------------------------------------------------------------------------------

const REF = referenceDocument();
const label = (key: string) => REF.platforms.find((p) => p.key === key)!.label;
const W2K = label('win2000-sp4');
const WS2003 = label('ws2003');
const SOFTWARE = 'VERITAS Backup Exec 8.6';

describe('notification lines', () => {
  let t: TestApp;
  let alice: Member;
  let bob: Member;
  let carol: Member;
  let mod: Member;
  let reply: Post;
  let quote: Post;
  let issue: KnownIssue;
  before(async () => {
    t = await boardApp({ moderation: { flagHideThreshold: 3, holdFirstPosts: 0 } });
    [alice, bob, carol] = [await member(t), await member(t), await member(t)];
    mod = await member(t, Role.Moderator);
  });
  after(() => t.close());

  /** The lines of a member's notifications page, newest first, in a language. */
  async function lines(m: Member, lang: 'ja' | 'en'): Promise<string[]> {
    const page = await m.agent.get(`/notifications?lang=${lang}`).expect(200);
    await assertValidHtml(page.text, `notifications (${lang})`);
    return all(parseDocument(page.text), (e) => e.name === 'li' && hasClass(e, 'notification')).map((li) =>
      textOf(one(li, (e) => e.name === 'a')),
    );
  }

  it('names the actor, the action and the object of each kind, in Japanese and in English', async () => {
    const first = await postThroughForm(t, alice, { body: 'アリスの最初の投稿' });
    await postThroughForm(t, bob, reportForm());
    reply = await postThroughForm(t, bob, { body: '同じ症状です。\n再起動で直りました。', replyTo: String(first.id) });
    // Quoted as the reply page quotes: the form's text starts with the quoted post.
    const quoteForm = Object.fromEntries(formPairs((await carol.agent.get(`/posts/${first.id}/reply?quote=1`).expect(200)).text, THREAD));
    assert.equal(quoteForm.quote, 'on');
    const body = `${quoteForm.body}うちでも再現しました。`;
    quote = await postThroughForm(t, carol, { replyTo: quoteForm.replyTo, quote: 'on', body });
    const mine = await postThroughForm(t, alice, reportForm({ outcome: 'success', platform: 'win2000-sp4' }));
    await submit(carol, `/posts/${mine.id}/confirm`, { platform: 'ws2003' }).expect(303);
    issue = await issueThroughForm(t, mod);
    const res = await submit(mod, `/known-issues/${issue.id}/edit`, issueForm({ status: 'confirmed', note: '同じ症状を3社で確認。' }));
    assert.equal(res.status, 303);

    const [a, b, c, m] = [alice, bob, carol, mod].map((x) => x.user.username);
    const title = issue.title;
    assert.deepEqual(await lines(alice, 'ja'), [
      `${ID} ${title}: 調査中 → 確認済み(${m} さん、メモ: 同じ症状を3社で確認。)`,
      `${ID} に既知の問題: ${title}(調査中、${m} さん、メモ: 複数の購読者から同じ症状の報告。)`,
      `${c} さんがあなたの報告「${SOFTWARE}」を ${WS2003} で確認しました`,
      `${c} さんが ${ID} の会議室であなたの投稿を引用しました(#${quote.number}): うちでも再現しました。`,
      `${b} さんが ${ID} の会議室で返信しました(#${reply.number}): 同じ症状です。 再起動で直りました。`,
      `${b} さんが ${ID} に ${W2K} で「問題あり」と報告しました: ${SOFTWARE}`,
    ]);
    assert.deepEqual(await lines(alice, 'en'), [
      `${ID} ${title}: Investigating → Confirmed (by ${m}, note: 同じ症状を3社で確認。)`,
      `New known issue in ${ID}: ${title} (Investigating, by ${m}, note: 複数の購読者から同じ症状の報告。)`,
      `${c} confirmed your report ${SOFTWARE} on ${WS2003}`,
      `${c} quoted you in the ${ID} thread (#${quote.number}): うちでも再現しました。`,
      `${b} replied in the ${ID} thread (#${reply.number}): 同じ症状です。 再起動で直りました。`,
      `${b} reported “Problem” on ${W2K} in ${ID}: ${SOFTWARE}`,
    ]);
    // Bob hears of alice's report, named the same way.
    assert.equal((await lines(bob, 'en')).at(-1), `${a} reported “No problem” on ${W2K} in ${ID}: ${SOFTWARE}`);
    await lines(alice, 'ja');
  });

  it('shows a reply’s text only while the reply is public', async () => {
    await submit(mod, `/posts/${reply.id}/hide`, { reason: '重複' }).expect(303);
    const shown = await lines(alice, 'ja');
    assert.equal(shown[4], `${bob.user.username} さんが ${ID} の会議室で返信しました(#${reply.number})`);
    assert.ok(!shown.join('\n').includes('再起動で直りました'));
  });

  it('tells rows written before notifications carried their facts as they always were', async () => {
    await t.em().nativeUpdate(Notification, { user: alice.user.id }, { payload: null });
    const [b, c] = [bob.user.username, carol.user.username];
    const shown = await lines(alice, 'ja');
    const numbers = (await t.em().find(Notification, { user: alice.user.id }, { orderBy: { id: 'desc' }, populate: ['post'] })).map(
      (n) => n.post?.getEntity().number,
    );
    assert.deepEqual(shown, [
      `${ID} の既知の問題が更新されました: ${issue.title}`,
      `${ID} の既知の問題が更新されました: ${issue.title}`,
      `${c} さんがあなたの報告 #${numbers[2]} に「同じ現象」を確認しました`,
      `${c} さんが ${ID} の会議室であなたの投稿を引用しました(#${quote.number}): うちでも再現しました。`,
      `${b} さんが ${ID} の会議室で返信しました(#${reply.number})`,
      `${ID} に新しい適用報告 #${numbers[5]}(${b})`,
    ]);
    await lines(alice, 'en');
  });
});
