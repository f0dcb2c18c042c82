import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { Role } from '../../src/policy/viewer';
import { MAX_QUERY_CHARS, MAX_TERMS, parseQuery } from '../../src/search/search-query';
import { clip } from '../../src/common/text/clip';
import { signedInAgent } from '../factories/user.factory';
import { boardApp, THREAD } from '../support/board';
import { fieldValue } from '../support/forms';
import {
  assertNoActiveContent,
  assertNoLeak,
  BLANK,
  fieldGroups,
  NAUGHTY,
  NAUGHTY_TEXT,
  nfkc,
  packed,
  pageText,
  tooLongFor,
} from '../support/hostile';
import { msg } from '../support/i18n';
import { member, submit } from '../support/members';
import { TestApp } from '../support/test-app';

// Every naughty string as the search words, as each search filter, as the known-issue and audit-log
// filters and as a login's ?next=: never a 500, the box gives back exactly what was typed (or the page
// says why it was refused), and results built from naughty posts show them as text.

const FILTERS = ['kind', 'advisory', 'platform', 'outcome', 'order', 'after'] as const;
const q = (params: Record<string, string>) => new URLSearchParams(params).toString();

describe('naughty strings in search and filters', () => {
  let t: TestApp;
  let rootDir: string;
  let mod: request.Agent;

  before(async () => {
    t = await boardApp();
    rootDir = t.config.rootDir;
    const author = await member(t);
    // The list in posts and field reports, so that searches find it and show it in their snippets.
    for (const [i, group] of packed(NAUGHTY_TEXT, 1500, '\n').entries()) {
      // As many of the group as the report's software field takes (200 characters once NFKC-normalized).
      const software = group
        .reduce((kept, s) => (`${kept} ${s}`.normalize('NFKC').trim().length <= 200 ? `${kept} ${s}` : kept), '')
        .trim();
      const fields: Record<string, string> =
        i % 2 ? { body: group.join('\n') } : { body: group.join('\n'), outcome: 'problem', platform: 'win2000-sp4', hosts: '3', software };
      const res = await submit(author, THREAD, fields);
      assert.equal(res.status, 303, `post ${i}: ${res.status}`);
    }
    mod = (await signedInAgent(t.app, Role.Moderator)).agent;
  });
  after(() => t.close());

  it('takes each string as the search words: the box gives it back as typed, or the page says why not', async () => {
    const wrong: string[] = [];
    let found = 0;
    for (const s of NAUGHTY) {
      const label = `q=${JSON.stringify(s).slice(0, 50)}`;
      const res = await request(t.http).get(`/search?${q({ q: s })}`);
      assertNoLeak(res, label, rootDir);
      // Too long or too many words: 400 and the reason (search-query.ts decides which).
      const problem = parseQuery(s).problem;
      const reason =
        problem === 'tooLong'
          ? msg('search.tooLong', { max: MAX_QUERY_CHARS, length: Array.from(s.trim()).length })
          : problem === 'tooManyTerms'
            ? msg('search.tooManyTerms', { max: MAX_TERMS })
            : null;
      if (res.status !== (reason ? 400 : 200)) wrong.push(`${label}: ${res.status}`);
      if (reason && !pageText(res.text).includes(reason)) wrong.push(`${label}: no reason given`);
      if (fieldValue(res.text, 'q') !== s) wrong.push(`${label}: the box holds ${JSON.stringify(fieldValue(res.text, 'q'))}`);
      if (/search-result__snippet/.test(res.text)) found++;
      assertNoActiveContent(res.text, label);
    }
    assert.deepEqual(wrong, []);
    assert.ok(found > 50, `the naughty posts are found (${found} searches with results)`);
  });

  it('takes the list in the related-software filter, and each string as one of the other filters (refused as invalid with the page kept)', async () => {
    const wrong: string[] = [];
    // Packed to the filter's 100 characters, and the longer strings alone (refused with the limit).
    for (const s of [...BLANK, ...fieldGroups(100, ' '), ...tooLongFor(100)]) {
      const label = `software=${JSON.stringify(s).slice(0, 40)}`;
      const res = await request(t.http).get(`/search?${q({ software: s })}`);
      assertNoLeak(res, label, rootDir);
      assertNoActiveContent(res.text, label);
      const tooLong = Array.from(s).length > 100;
      if (res.status !== (tooLong ? 400 : 200)) wrong.push(`${label}: ${res.status}`);
      if (tooLong && !pageText(res.text).includes(msg('search.softwareTooLong', { max: 100 })))
        wrong.push(`${label}: refused without the reason`);
      if (fieldValue(res.text, 'software') !== s) wrong.push(`${label}: the box changed`);
    }
    for (const [i, s] of NAUGHTY.entries()) {
      const name = FILTERS[i % FILTERS.length];
      const label = `${name}=${JSON.stringify(s).slice(0, 40)}`;
      const res = await request(t.http).get(`/search?${q({ q: 'alert', [name]: s })}`);
      assertNoLeak(res, label, rootDir);
      assertNoActiveContent(res.text, label);
      if (res.status === 400 && !pageText(res.text).includes(msg('search.invalid'))) wrong.push(`${label}: refused without the reason`);
      if (![200, 400].includes(res.status)) wrong.push(`${label}: ${res.status}`);
    }
    assert.deepEqual(wrong, []);
  });

  it('takes the list in the known-issue and audit-log filters, and each address-like string as a login’s next address', async () => {
    const wrong: string[] = [];
    // Packed to each box's length; the longer strings alone, cut by the page without splitting a character.
    for (const s of [...BLANK, ...fieldGroups(100, ' ', nfkc), ...tooLongFor(100, nfkc)]) {
      const label = JSON.stringify(s).slice(0, 40);
      const issues = await request(t.http).get(`/known-issues?${q({ software: s, platform: s, status: s })}`);
      assertNoLeak(issues, `known issues ${label}`, rootDir);
      assertNoActiveContent(issues.text, `known issues ${label}`);
      if (issues.status !== 200) wrong.push(`known issues ${label}: ${issues.status}`);
      else if (fieldValue(issues.text, 'software') !== clip(nfkc(s).trim(), 100))
        wrong.push(`known issues ${label}: the box holds ${JSON.stringify(fieldValue(issues.text, 'software'))}`);
    }
    for (const s of [...BLANK, ...fieldGroups(64, ' '), ...tooLongFor(64)]) {
      const label = JSON.stringify(s).slice(0, 40);
      const log = await mod.get(`/mod/log?${q({ actor: s, action: s, advisory: s })}`);
      assertNoLeak(log, `audit log ${label}`, rootDir);
      assertNoActiveContent(log.text, `audit log ${label}`);
      if (log.status !== 200) wrong.push(`audit log ${label}: ${log.status}`);
      else if (fieldValue(log.text, 'actor') !== clip(s.trim(), 64))
        wrong.push(`audit log ${label}: the box holds ${JSON.stringify(fieldValue(log.text, 'actor'))}`);
    }
    // A next address is only kept when it is a local path: the strings that look like addresses or paths.
    const guest = request.agent(t.http);
    for (const s of NAUGHTY.filter((n) => /[/\\:%.]/.test(n))) {
      const label = JSON.stringify(s).slice(0, 40);
      const login = await guest.get(`/login?${q({ next: s })}`);
      assertNoLeak(login, `login next ${label}`, rootDir);
      assertNoActiveContent(login.text, `login next ${label}`);
      const next = fieldValue(login.text, 'next');
      if (login.status !== 200) wrong.push(`login next ${label}: ${login.status}`);
      else if (next !== undefined && !/^\/(?![/\\])/.test(next)) wrong.push(`login next ${label}: keeps ${JSON.stringify(next)}`);
    }
    assert.deepEqual(wrong, []);
  });
});
