import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { dirname } from 'node:path';
import { describe, it } from 'node:test';
import { requestCookies as sut } from './cookies';

const req = (cookie?: string) => ({ headers: cookie === undefined ? {} : { cookie } }) as IncomingMessage;

describe('requestCookies', () => {
  it('parses with the very module express-session parses with', () => {
    const sessionLayers = require.resolve('cookie', { paths: [dirname(require.resolve('express-session'))] });
    assert.equal(require.resolve('cookie'), sessionLayers);
  });

  it('reads every spelling a client or proxy may send', () => {
    assert.deepEqual(sut(req()), {});
    assert.equal(sut(req('hfr_session=s%3Aabc.sig')).hfr_session, 's:abc.sig');
    assert.equal(sut(req('hfr_session =x')).hfr_session, 'x');
    assert.equal(sut(req('hfr_session\t=\tx\t')).hfr_session, 'x');
    assert.equal(sut(req('hfr_session="x"')).hfr_session, 'x');
    assert.equal(sut(req('a=1;hfr_session=x;b=2')).hfr_session, 'x');
    assert.equal(sut(req('hfr_session=x; hfr_session=y')).hfr_session, 'x', 'the first of two wins');
    assert.equal(sut(req('HFR_SESSION=x')).hfr_session, undefined, 'names are case-sensitive');
    assert.equal(sut(req('lang=en')).lang, 'en');
    assert.equal(sut(req('lang="en"')).lang, 'en');
  });
});
