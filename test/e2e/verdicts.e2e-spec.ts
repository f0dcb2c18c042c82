import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseDocument } from 'htmlparser2';
import request from 'supertest';
import { wilsonLowerBound } from '../../src/guidance/verdict';
import { Confirmation } from '../../src/field-reports/confirmation.entity';
import { FieldReport } from '../../src/field-reports/field-report.entity';
import { PlatformStat } from '../../src/field-reports/platform-stat.entity';
import { VerdictState } from '../../src/guidance/verdict-state.entity';
import { VerdictsService } from '../../src/guidance/verdicts.service';
import { Role } from '../../src/policy/viewer';
import { Post } from '../../src/threads/post.entity';
import { Thread } from '../../src/threads/thread.entity';
import { VERDICTS_HELP_PATH } from '../../src/paths';
import { boardApp, BULLETIN, ID, THREAD } from '../support/board';
import { one, textOf } from '../support/dom';
import { assertValidHtml } from '../support/html';
import { msg } from '../support/i18n';
import { member, Member, submit } from '../support/members';
import { issueForm, issueThroughForm, postThroughForm, reportForm } from '../support/posting';
import { createTestApp, TestApp } from '../support/test-app';

// Deploy guidance's core: verdicts from the counters, and the change log written in the transaction of each write
// that moves a verdict (issue 20, items 1 and 6).

/** Small thresholds, so that a few reports move a verdict: 3 clean observations deploy, 2 failures of 2 hold. */
const THRESHOLDS = { minReports: 3, deployLowerBound: 0.4, holdFailureBound: 0.25 };

const verdicts = (t: TestApp) => t.app.get(VerdictsService);

/** Each platform's verdict now, as verdictsFor decides it. */
async function current(t: TestApp): Promise<Record<string, string>> {
  const list = (await verdicts(t).verdictsFor([ID])).get(ID) ?? [];
  return Object.fromEntries(list.map((v) => [v.platform, v.verdict]));
}

/** The log, oldest first, as [platform, before, after, reason key]. */
async function log(t: TestApp): Promise<string[][]> {
  const changes = await verdicts(t).recentChanges(1000);
  return changes.reverse().map((c) => [c.platform, c.verdictBefore, c.verdictAfter, c.reason.key]);
}

/** The log's entries added since `seen` of them. */
async function since(t: TestApp, seen: number): Promise<string[][]> {
  return (await log(t)).slice(seen);
}

const hide = (m: Member, post: Post) => submit(m, `/posts/${post.id}/hide`, { reason: 'スパム' }).expect(303);
const restore = (m: Member, post: Post) => submit(m, `/posts/${post.id}/restore`, { reason: '誤り' }).expect(303);
const confirm = (m: Member, post: Post, platform: string) => submit(m, `/posts/${post.id}/confirm`, { platform });
const withdraw = (m: Member, post: Post) => submit(m, `/posts/${post.id}/unconfirm`);
const editIssue = (m: Member, id: number, over: Record<string, string | string[]>) =>
  submit(m, `/known-issues/${id}/edit`, issueForm(over)).expect(303);

describe('verdict change log', () => {
  let t: TestApp;
  let mod: Member;
  let a: Member, b: Member, c: Member, d: Member, e: Member, f: Member;
  before(async () => {
    t = await boardApp({ verdicts: THRESHOLDS });
    mod = await member(t, Role.Moderator);
    [a, b, c, d, e, f] = await Promise.all(Array.from({ length: 6 }, () => member(t)));
  });
  after(() => t.close());

  it('logs a verdict moved by reports, confirmations, withdrawals, corrections and known issues, once each, with its reason', async () => {
    const success = (hosts: string) => reportForm({ outcome: 'success', platform: 'ws2003', hosts, body: '問題なく適用できました。' });
    const ra = await postThroughForm(t, a, success('100'));
    await postThroughForm(t, b, success('20'));
    assert.deepEqual(await log(t), [], 'two clean reports: still not enough, nothing logged');
    assert.equal((await current(t)).ws2003, 'insufficient');

    // A confirmation is the third observation.
    await confirm(d, ra, 'ws2003').expect(303);
    assert.deepEqual(await log(t), [['ws2003', 'insufficient', 'deploy', 'successes']]);
    const [first] = await verdicts(t).recentChanges(1);
    assert.deepEqual(first.reason.params, { reports: 3, successes: 3, failures: 0, hosts: 120, bound: 44 });
    assert.equal(first.advisoryId, ID);

    await withdraw(d, ra).expect(303);
    assert.deepEqual(await since(t, 1), [['ws2003', 'deploy', 'insufficient', 'tooFew']], 'the withdrawal moves it back');

    const rc = await postThroughForm(t, c, success('5'));
    assert.deepEqual(await since(t, 2), [['ws2003', 'insufficient', 'deploy', 'successes']]);

    // A known issue with a workaround on the platform, then resolved.
    const issue = await issueThroughForm(t, mod, issueForm({ platforms: ['ws2003'], workaround: 'サービスを先に止める。' }));
    assert.deepEqual(await since(t, 3), [['ws2003', 'deploy', 'deploy-with-workaround', 'workaround']]);
    const [viaIssue] = await verdicts(t).recentChanges(1);
    assert.equal(viaIssue.reason.params.id, issue.id);
    assert.equal(viaIssue.reason.params.title, issue.title);
    await editIssue(mod, issue.id, { platforms: ['ws2003'], workaround: 'サービスを先に止める。', status: 'resolved' });
    assert.deepEqual(await since(t, 4), [['ws2003', 'deploy-with-workaround', 'deploy', 'successes']]);

    // Corrected to a problem: mixed; hidden and restored: the verdict stays "insufficient", so nothing is logged.
    const edit = await submit(
      c,
      `/posts/${rc.id}/edit`,
      reportForm({ outcome: 'problem', platform: 'ws2003', hosts: '5', body: '再起動後に問題。' }),
    );
    assert.equal(edit.status, 303);
    assert.deepEqual(await since(t, 5), [['ws2003', 'deploy', 'insufficient', 'mixed']]);
    await hide(mod, rc);
    await restore(mod, rc);
    assert.equal((await log(t)).length, 6, 'hiding and restoring moved no verdict');

    // Two failures hold a platform; an open issue naming no platform without a workaround holds every other one.
    await postThroughForm(t, e, reportForm({ outcome: 'install-failed', platform: 'winxp-sp2' }));
    assert.deepEqual(await since(t, 6), [], 'one failure holds nothing');
    await postThroughForm(t, f, reportForm({ outcome: 'install-failed', platform: 'winxp-sp2' }));
    assert.deepEqual(await since(t, 6), [['winxp-sp2', 'insufficient', 'hold', 'failures']]);
    const blocking = await issueThroughForm(t, mod, issueForm({ platforms: [], workaround: '', title: '全環境でサービスが起動しない' }));
    const all = await since(t, 7);
    const now = await current(t);
    assert.equal(all.length, Object.keys(now).length - 1, 'every platform but the one already held');
    for (const [platform, , after, reason] of all) {
      assert.equal(after, 'hold', platform);
      assert.equal(reason, 'issue', platform);
    }
    assert.ok(Object.values(now).every((v) => v === 'hold'));
    const held = (await verdicts(t).verdictsFor([ID])).get(ID)!.find((v) => v.platform === 'ws2003')!;
    assert.deepEqual(held.knownIssueIds, [blocking.id], 'the resolved issue no longer counts');
    assert.equal(held.reason.params.title, '全環境でサービスが起動しない');

    await editIssue(mod, blocking.id, { platforms: [], workaround: '', title: '全環境でサービスが起動しない', status: 'dismissed' });
    assert.deepEqual(
      Object.fromEntries(Object.entries(await current(t)).filter(([, v]) => v !== 'insufficient')),
      { 'winxp-sp2': 'hold' },
      'dismissed, the issue no longer decides',
    );
    assertChains(await log(t), await current(t));
  });

  it('pages the log newest first by id', async () => {
    const all = await verdicts(t).recentChanges(1000);
    const page1 = await verdicts(t).recentChanges(3);
    const page2 = await verdicts(t).recentChanges(3, page1[2].id);
    assert.deepEqual([...page1, ...page2], all.slice(0, 6));
    assert.deepEqual(await verdicts(t).recentChanges(1000, null, 'MS99-999'), []);
    assert.deepEqual(await verdicts(t).recentChanges(1000, null, ID), all);
  });
});

/** Per platform, the log is one chain: it starts from "insufficient", each entry starts where the last ended, and it ends at the verdict now. */
function assertChains(entries: string[][], now: Record<string, string>) {
  const at = new Map<string, string>();
  for (const [platform, before, after] of entries) {
    assert.equal(before, at.get(platform) ?? 'insufficient', `${platform}: a change starts where the last ended`);
    assert.notEqual(before, after, `${platform}: a change moves the verdict`);
    at.set(platform, after);
  }
  for (const [platform, verdict] of Object.entries(now))
    assert.equal(at.get(platform) ?? 'insufficient', verdict, `${platform} ends at its verdict`);
}

describe('verdict counters under concurrency', () => {
  let t: TestApp;
  let members: Member[];
  before(async () => {
    t = await boardApp({ verdicts: THRESHOLDS });
    members = await Promise.all(Array.from({ length: 10 }, () => member(t)));
  });
  after(() => t.close());

  it('equal a recount (hosts too) after 60 parallel reports, confirmations and withdrawals, and the log is one chain per platform', async () => {
    const platforms = ['ws2003', 'winxp-sp2', 'win2000-sp4'];
    const targets: Post[] = [];
    for (const [i, m] of members.entries())
      targets.push(
        await postThroughForm(
          t,
          m,
          reportForm({ outcome: i % 2 ? 'success' : 'problem', platform: platforms[i % 3], hosts: String(i + 1) }),
        ),
      );
    // Never one's own report: the target is 1 to 9 places after the member's own.
    const targetOf = (i: number) => targets[((i % 10) + 1 + ((i >> 2) % 9)) % 10];
    const ops = Array.from({ length: 60 }, (_, i) => {
      const m = members[i % members.length];
      switch (i % 4) {
        case 0:
          return submit(
            m,
            `/advisories/${ID}/thread`,
            reportForm({ outcome: 'success', platform: platforms[i % 3], hosts: String(10 + i), body: `報告 ${i}` }),
          );
        case 1:
          return submit(
            m,
            `/advisories/${ID}/thread`,
            reportForm({ outcome: i % 3 ? 'problem' : 'rolled-back', platform: 'ws2003', hosts: String(i), body: `問題 ${i}` }),
          );
        case 2:
          return confirm(m, targetOf(i), platforms[(i >> 2) % 3]);
        default:
          // The confirmation just sent, taken back (before or after it lands: either way the counts stay exact).
          return withdraw(members[(i - 1) % members.length], targetOf(i - 1));
      }
    });
    const statuses = await Promise.all(ops.map((p) => p.then((r) => r.status)));
    assert.deepEqual([...new Set(statuses)], [303], statuses.join());

    await assertCountersExact(t);
    const now = await current(t);
    const entries = await log(t);
    // ws2003 ends held however the requests interleave (17 or more failures of at most 29 observations); where the
    // other two end depends on which confirmations their withdrawals overtook, so only ws2003 is sure to have moved.
    assert.equal(now.ws2003, 'hold', JSON.stringify(now));
    assert.ok(
      entries.some(([platform, , after]) => platform === 'ws2003' && after === 'hold'),
      `the burst moved ws2003's verdict: ${JSON.stringify(entries)}`,
    );
    assertChains(entries, now);
    const state = await t.em().findOneOrFail(VerdictState, { advisory: ID });
    for (const [platform, verdict] of Object.entries(now))
      assert.equal(state.verdicts[platform] ?? 'insufficient', verdict, `the stored state of ${platform}`);
  });
});

/** platform_stats (reports, confirmations and hosts) equals a recount from the visible reports and their confirmations. */
async function assertCountersExact(t: TestApp) {
  const em = t.em();
  const thread = await em.findOneOrFail(Thread, { advisory: ID });
  const reports = await em.find(FieldReport, { post: { thread } }, { populate: ['post', 'platform'] });
  const confirmations = await em.find(Confirmation, { report: { post: { thread } } }, { populate: ['report', 'platform'] });
  const truth = new Map<string, string>();
  const cells = new Map<string, [number, number, number]>();
  const cell = (key: string) => cells.get(key) ?? cells.set(key, [0, 0, 0]).get(key)!;
  const visible = new Map<number, FieldReport>();
  for (const r of reports) {
    if (r.post.getEntity().state !== 'visible') continue;
    visible.set(r.post.id, r);
    const c = cell(`${r.platform?.getEntity().key ?? 'other'}/${r.outcome}`);
    c[0]++;
    c[2] += r.hosts;
  }
  for (const c of confirmations) {
    const r = visible.get(c.report.getEntity().post.id);
    if (r) cell(`${c.platform?.getEntity().key ?? 'other'}/${r.outcome}`)[1]++;
  }
  for (const [k, v] of cells) if (v.some((n) => n)) truth.set(k, v.join('+'));
  const stored = new Map<string, string>();
  for (const s of await em.find(PlatformStat, { thread }))
    if (s.reports || s.confirmations || s.hosts) stored.set(`${s.platformKey}/${s.outcome}`, `${s.reports}+${s.confirmations}+${s.hosts}`);
  assert.deepEqual(Object.fromEntries([...stored].sort()), Object.fromEntries([...truth].sort()), 'platform_stats equals a recount');
}

describe('verdict displays: thread (cached), bulletin, embed, summary.json, badge and bulletin.txt move with every kind of write', () => {
  let cached: TestApp;
  let fresh: TestApp;
  let mod: Member, a: Member, b: Member, c: Member;
  before(async () => {
    cached = await boardApp({ verdicts: THRESHOLDS });
    // A second app on the same database renders every page anew: the cached thread page must equal its render.
    fresh = await createTestApp({ pageCacheMegabytes: 0, verdicts: THRESHOLDS }, cached.db);
    mod = await member(cached, Role.Moderator);
    [a, b, c] = await Promise.all([member(cached), member(cached), member(cached)]);
  });
  after(async () => {
    await fresh.close();
    await cached.close();
  });

  const WS = 'ws2003';
  const WS_LABEL = 'Windows Server 2003';
  const guestGet = (t: TestApp, path: string) => request(t.http).get(path).expect(200);

  /** The verdict item of ws2003 on an HTML page: its verdict, and the text of its name and reason. */
  function htmlVerdict(html: string, page: string) {
    const doc = parseDocument(html);
    const item = one(doc, (e) => e.name === 'li' && e.attribs['data-platform'] === WS);
    assert.ok(item, `${page} shows the verdict of ${WS}`);
    assert.ok(
      one(doc, (e) => e.name === 'a' && e.attribs.href === VERDICTS_HELP_PATH),
      `${page} links to how verdicts are computed`,
    );
    return { verdict: item.attribs['data-verdict'], text: textOf(item) };
  }

  /** What each display says of ws2003 now (and the badge of the whole bulletin), the cached thread page checked against a fresh render. */
  async function shown() {
    await guestGet(cached, THREAD);
    const threadPage = await guestGet(cached, THREAD);
    assert.equal(threadPage.text, (await guestGet(fresh, THREAD)).text, 'the cached thread page equals a fresh render');
    const thread = htmlVerdict(threadPage.text, 'thread');
    const bulletin = htmlVerdict((await guestGet(cached, BULLETIN)).text, 'bulletin');
    const embed = htmlVerdict((await guestGet(cached, `${BULLETIN}/embed`)).text, 'embed');
    const json = (await guestGet(cached, `${BULLETIN}/summary.json`)).body as {
      verdicts: { platform: string; verdict: string; reason: string }[];
    };
    const fromJson = json.verdicts.find((v) => v.platform === WS)!;
    const txt = (await guestGet(cached, `${BULLETIN}/bulletin.txt`)).text;
    const line = txt.split('\n').find((l) => l.startsWith(`${WS_LABEL}: [`));
    assert.ok(line, 'bulletin.txt has a verdict line for the platform');
    const badge = (
      await request(cached.http)
        .get(`${BULLETIN}/badge.svg`)
        .buffer(true)
        .parse((res, done) => {
          let data = '';
          res.on('data', (chunk: Buffer) => (data += chunk.toString()));
          res.on('end', () => done(null, data));
        })
    ).body as string;
    // Every display words it the same: the name and the one-line reason, in Japanese for guests.
    const words = `${msg(`verdict.${fromJson.verdict}`)} ${fromJson.reason}`;
    for (const [page, text] of [
      ['thread', thread.text],
      ['bulletin', bulletin.text],
      ['embed', embed.text],
    ])
      assert.equal(text, `${WS_LABEL} ${words}`, page);
    assert.equal(line, `${WS_LABEL}: [${msg(`verdict.${fromJson.verdict}`)}] ${fromJson.reason}`);
    return {
      ws2003: [thread.verdict, bulletin.verdict, embed.verdict, fromJson.verdict],
      reason: fromJson.reason,
      badge: /aria-label="HFR BBS: ([^·"]+) ·/.exec(badge)?.[1].trim(),
    };
  }

  const expectShown = async (verdict: string, badge: string, what: string) => {
    const now = await shown();
    assert.deepEqual(now.ws2003, [verdict, verdict, verdict, verdict], `${what}: every display says ${verdict}`);
    assert.equal(now.badge, badge, `${what}: the badge`);
    return now;
  };

  it('follows reports, confirmations, known issues (created, edited, status), withdrawals, hiding, restoring and corrections', async () => {
    await expectShown('insufficient', 'Not enough reports', 'no reports');
    const ra = await postThroughForm(cached, a, reportForm({ outcome: 'success', platform: WS, hosts: '100' }));
    const rb = await postThroughForm(cached, b, reportForm({ outcome: 'success', platform: WS, hosts: '20' }));
    const two = await expectShown('insufficient', 'Not enough reports', 'two reports');
    assert.equal(two.reason, msg('verdict.reason.tooFew', { reports: 2, min: 3 }));
    await confirm(c, ra, WS).expect(303);
    const deployed = await expectShown('deploy', 'Not enough reports', 'a confirmation');
    assert.equal(deployed.reason, msg('verdict.reason.successes', { reports: 3, successes: 3, hosts: 120, bound: 44 }));

    const issue = await issueThroughForm(cached, mod, issueForm({ platforms: [WS], workaround: '先にサービスを止める。' }));
    await expectShown('deploy-with-workaround', 'Deploy with workaround', 'a known issue with a workaround');
    await editIssue(mod, issue.id, { platforms: [WS], workaround: '' });
    const held = await expectShown('hold', 'Hold', 'its workaround taken out');
    assert.equal(held.reason, msg('verdict.reason.issue', { title: issue.title, id: issue.id }));
    await editIssue(mod, issue.id, { platforms: [WS], workaround: '', status: 'resolved' });
    await expectShown('deploy', 'Not enough reports', 'the issue resolved');

    await withdraw(c, ra).expect(303);
    await expectShown('insufficient', 'Not enough reports', 'the confirmation withdrawn');
    await confirm(c, ra, WS).expect(303);
    await hide(mod, rb);
    await expectShown('insufficient', 'Not enough reports', 'a report hidden');
    await restore(mod, rb);
    await expectShown('deploy', 'Not enough reports', 'the report restored');
    const edit = await submit(
      a,
      `/posts/${ra.id}/edit`,
      reportForm({ outcome: 'problem', platform: WS, hosts: '100', body: '再起動後に停止。' }),
    );
    assert.equal(edit.status, 303);
    const mixed = await expectShown('insufficient', 'Not enough reports', 'a report corrected');
    // The corrected report and the confirmation behind it are now failures: 1 success of 3.
    const bound = Math.round(wilsonLowerBound(1, 3) * 100);
    assert.equal(mixed.reason, msg('verdict.reason.mixed', { reports: 3, successes: 1, failures: 2, bound }));
  });

  it('sends summary.json verdicts with exactly the documented fields, and explains verdicts with the thresholds', async () => {
    const json = (await guestGet(cached, `${BULLETIN}/summary.json`)).body as {
      verdicts: Record<string, unknown>[];
      verdictsExplainedAt: string;
    };
    const ws = json.verdicts.find((v) => v.platform === WS)!;
    assert.deepEqual(Object.keys(ws), ['platform', 'verdict', 'reason', 'reports', 'hosts', 'successLowerBound', 'knownIssueIds']);
    assert.equal(ws.reports, 3);
    assert.equal(ws.hosts, 120);
    assert.equal(typeof ws.successLowerBound, 'number');
    assert.ok(json.verdictsExplainedAt.endsWith(VERDICTS_HELP_PATH));
    const txt = (await guestGet(cached, `${BULLETIN}/bulletin.txt`)).text;
    assert.ok(
      txt.includes(`${msg('verdicts.how')}: ${cached.config.publicBaseUrl}${VERDICTS_HELP_PATH}`),
      'bulletin.txt says where verdicts are explained',
    );

    const help = await guestGet(cached, VERDICTS_HELP_PATH);
    const text = textOf(parseDocument(help.text));
    assert.ok(text.includes(msg('verdicts.help.rule.tooFew', { min: 3 })), 'the configured minimum');
    assert.ok(text.includes(msg('verdicts.help.rule.deploy', { bound: 40 })), 'the configured deploy bound');
    assert.ok(text.includes(msg('verdicts.help.rule.failures', { bound: 25 })), 'the configured hold bound');
    assert.ok(text.includes(msg('verdicts.help.rule.deployCount', { count: 3 })), '3 clean reports reach a 40 % bound');
    await assertValidHtml(help.text, 'verdicts explained');
    await assertValidHtml((await guestGet(cached, BULLETIN)).text, 'bulletin with verdicts');
    const english = await request(cached.http).get(THREAD).set('Cookie', 'lang=en').expect(200);
    assert.ok(textOf(parseDocument(english.text)).includes('How verdicts are computed'));
  });
});
