import { after, before, describe, it } from 'node:test';
import { NAUGHTY } from '../support/hostile';
import { postEachAlone, postingBoard } from '../support/hostile-posts';
import { Member } from '../support/members';
import { TestApp } from '../support/test-app';

// The second half of the Big List of Naughty Strings, each alone as a post body and a field report's
// software and platform (the first half: hostile-posts); a file of its own to stay well within the time
// one test file has.

describe('naughty strings alone in posts and field reports, second half', () => {
  let t: TestApp;
  let author: Member;

  before(async () => {
    ({ t, author } = await postingBoard());
  });
  after(() => t.close());

  it('takes each string of the second half alone as a post body, a report’s software and its platform, or refuses a blank one with the text kept', async () => {
    await postEachAlone(t, author, NAUGHTY.slice(Math.ceil(NAUGHTY.length / 2)));
  });
});
