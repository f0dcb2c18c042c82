import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LIMITS } from '../common/limits';
import demo from '../database/demo/MS04-044.json';
import { parseAdvisoryFile } from './advisory-import';
import { translate } from '../common/i18n/i18n';
import { normalizeAdvisoryId, PROBLEM_KEYS, validateAdvisory } from './advisory-format';

type Json = Record<string, unknown>;
const seed = (): Json => structuredClone(demo);

/** The reference bulletin with the value at each path (written as problems name it) replaced; undefined removes the field. */
function seedWith(changes: Record<string, unknown>): Json {
  const doc = seed();
  for (const [path, value] of Object.entries(changes)) {
    const keys = path.split(/[.[\]]+/).filter(Boolean);
    const last = keys.pop()!;
    const parent = keys.reduce((node, key) => node[key] as Json, doc);
    if (value === undefined) delete parent[last];
    else parent[last] = value;
  }
  return doc;
}
const problemsOf = (doc: unknown) => validateAdvisory(doc).problems.map((p) => `${p.path}: ${p.message}`);

describe('validateAdvisory', () => {
  it('accepts the reference bulletin and returns it unchanged', () => {
    const sut = validateAdvisory(seed());
    assert.deepEqual(sut.problems, []);
    assert.deepEqual(sut.doc, seed());
  });

  it('names the JSON path of a bad nested field', () => {
    const doc = seedWith({ 'packages[2].files[5].size': -1 });
    assert.deepEqual(problemsOf(doc), ['packages[2].files[5].size: must be a non-negative integer']);
  });

  it('reports every problem at once, not only the first', () => {
    const doc = seedWith({
      severity: 7,
      countermeasure: 'someday',
      registeredOn: '2004-02-30',
      title: undefined,
      'packages[0].files[1].size': '1,001,456',
    });
    assert.deepEqual(problemsOf(doc).sort(), [
      'countermeasure: must be one of "sp-wait", "early", "urgent"',
      'packages[0].files[1].size: must be a non-negative integer',
      'registeredOn: must be a date written YYYY-MM-DD',
      'severity: must be one of 1, 2, 3, 4',
      'title: is required',
    ]);
  });

  it('refuses unknown fields so that nothing is silently dropped', () => {
    const doc = seedWith({ severty: 2, 'packages[1].files[0].checksum': 'abc' });
    assert.deepEqual(problemsOf(doc), ['severty: unknown field', 'packages[1].files[0].checksum: unknown field']);
  });

  it('checks platform keys and reference labels against the advisory itself', () => {
    const doc = seedWith({
      'packages[3].platforms': ['winxp-sp1', 'winxp-sp3'],
      'editorNotes[1].references': ['999999'],
      'platforms[8]': { key: 'ws2003', label: 'dup', product: 'dup' },
    });
    assert.deepEqual(problemsOf(doc).sort(), [
      'editorNotes[1].references[0]: unknown reference "999999" (not in references[].label)',
      'packages[3].platforms[1]: unknown platform "winxp-sp3" (not in platforms[].key)',
      'platforms[8].key: duplicate platform key "ws2003"',
    ]);
  });

  it('allows only http and https links', () => {
    const doc = seedWith({ 'references[5].url': 'javascript:alert(1)' });
    assert.deepEqual(problemsOf(doc), ['references[5].url: must be an absolute http:// or https:// URL']);
  });

  it('holds strings to the limits the editor form shows, labTestedOn included', () => {
    const doc = seedWith({
      'labTestedOn[0]': 'W'.repeat(LIMITS.labTestedOn + 1),
      'labTestedOn[1]': 'W'.repeat(LIMITS.labTestedOn),
      title: 'T'.repeat(LIMITS.advisoryTitle + 1),
      'references[0].url': `https://example.com/${'u'.repeat(LIMITS.referenceUrl)}`,
    });
    assert.deepEqual(problemsOf(doc), [
      `references[0].url: must be at most ${LIMITS.referenceUrl} characters`,
      `title: must be at most ${LIMITS.advisoryTitle} characters`,
      `labTestedOn[0]: must be at most ${LIMITS.labTestedOn} characters`,
    ]);
  });

  it('keeps "uninstallable: null" as unknown and rejects other non-booleans', () => {
    const doc = seedWith({ uninstallable: 'maybe' });
    assert.deepEqual(problemsOf(doc), ['uninstallable: must be true, false or null (unknown)']);
  });

  it('checks deployment-time keys and values', () => {
    const doc = seedWith({ 'packages[0].deployMinutes': { '50': 18, '75': 20, '500': 0 } });
    assert.deepEqual(problemsOf(doc), [
      'packages[0].deployMinutes.75: unknown field',
      'packages[0].deployMinutes.500: must be a positive whole number of minutes',
    ]);
  });

  it('rejects a non-object and an update date before the registration date', () => {
    assert.deepEqual(problemsOf([]), ['(root): must be an object']);
    const doc = seedWith({ updatedOn: '2004-12-01' });
    assert.deepEqual(problemsOf(doc), ['updatedOn: must not be before registeredOn']);
  });
});

describe('parseAdvisoryFile', () => {
  it('reads an array and prefixes paths with the item index', () => {
    const bad = seedWith({ kb: [885835] });
    const sut = parseAdvisoryFile(JSON.stringify([seed(), bad]));
    assert.deepEqual(sut.problems, [
      { path: '[1].kb[0]', key: 'editor.problem.kb', params: {}, message: 'must be a KB number of 5 to 7 digits, as a string' },
    ]);
  });

  it('explains invalid JSON instead of throwing', () => {
    const sut = parseAdvisoryFile('{"id": "MS04-044",');
    assert.equal(sut.docs.length, 0);
    assert.match(sut.problems[0].message, /^is not valid JSON/);
  });

  it('accepts a UTF-8 byte-order mark', () => {
    assert.deepEqual(parseAdvisoryFile('\uFEFF' + JSON.stringify(seed())).problems, []);
  });
});

describe('problem words', () => {
  it('every problem has its words in Japanese and English (editors read them on the pages)', () => {
    for (const key of PROBLEM_KEYS)
      for (const locale of ['ja', 'en'] as const) assert.notEqual(translate(locale, key), key, `${locale} ${key}`);
  });
});

describe('normalizeAdvisoryId', () => {
  it('upper-cases ids and rejects anything else', () => {
    assert.equal(normalizeAdvisoryId('ms04-044'), 'MS04-044');
    assert.equal(normalizeAdvisoryId('MS04-044.json'), null);
    assert.equal(normalizeAdvisoryId('../etc/passwd'), null);
    assert.equal(normalizeAdvisoryId('__proto__'), null);
  });
});
