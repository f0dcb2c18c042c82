import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import demo from '../database/demo/MS04-044.json';
import { AdvisoryDocument, validateAdvisory } from './advisory-format';
import { fieldLabel, formSections } from './advisory-form.view';
import { documentFromState, fieldOfPath, fieldProblems, parseForm, ROW_LIMITS, stateFromDocument, withoutBlankRows } from './advisory-form';

const reference = () => structuredClone(demo) as AdvisoryDocument;
/** A form row's fields: every one is text or a list of text. */
const fields = (row: object) => Object.entries(row) as [string, string | string[]][];

/** The state as a browser posts it: flat names, one value each, checkboxes repeated. */
function flatten(doc: AdvisoryDocument): Record<string, string | string[]> {
  const s = stateFromDocument(doc);
  const body: Record<string, string | string[]> = {};
  const put = (name: string, value: string | string[]) => (body[name] = value);
  for (const k of [
    'id',
    'title',
    'officialTitle',
    'registeredOn',
    'updatedOn',
    'severity',
    'exploitCodePublic',
    'countermeasure',
    'rebootRequired',
    'uninstallable',
    'vulnerabilityId',
    'summary',
  ] as const)
    put(k, s[k]);
  put('targets', s.targets);
  s.kb.forEach((v, i) => put(`kb.${i}`, v));
  s.relatedAdvisories.forEach((v, i) => put(`relatedAdvisories.${i}`, v));
  s.labTestedOn.forEach((v, i) => put(`labTestedOn.${i}`, v));
  s.references.forEach((r, i) => fields(r).forEach(([k, v]) => put(`references.${i}.${k}`, v)));
  s.vulnerabilities.forEach((r, i) => fields(r).forEach(([k, v]) => put(`vulnerabilities.${i}.${k}`, v)));
  s.platforms.forEach((r, i) => fields(r).forEach(([k, v]) => put(`platforms.${i}.${k}`, v)));
  s.editorNotes.forEach((r, i) => fields(r).forEach(([k, v]) => put(`editorNotes.${i}.${k}`, v)));
  s.packages.forEach((p, i) => {
    for (const [k, v] of Object.entries(p)) {
      if (k === 'files') p.files.forEach((f, j) => fields(f).forEach(([fk, fv]) => put(`packages.${i}.files.${j}.${fk}`, fv)));
      else if (k === 'deployMinutes') Object.entries(p.deployMinutes).forEach(([h, m]) => put(`packages.${i}.deployMinutes.${h}`, m));
      else put(`packages.${i}.${k}`, v as string | string[]);
    }
  });
  return body;
}

describe('advisory form', () => {
  it('turns the reference bulletin into form fields and back without losing or reordering anything', () => {
    const parsed = parseForm(flatten(reference()));
    assert.deepEqual(parsed.unknown, []);
    const { doc, problems } = validateAdvisory(documentFromState(withoutBlankRows(parsed.state)));
    assert.deepEqual(problems, []);
    assert.equal(JSON.stringify(doc), JSON.stringify(reference()));
  });

  it('keeps names that are no field of the form out of every object', () => {
    const body = {
      __proto__: 'x',
      'constructor.prototype.polluted': 'yes',
      '__proto__.polluted': 'yes',
      'packages.0.__proto__': 'yes',
      'packages.0.files.0.constructor': 'yes',
      'platforms.0.hasOwnProperty': 'x',
      'references.constructor.label': 'x',
      title: 'ok',
    } as Record<string, unknown>;
    Object.defineProperty(body, '__proto__', { value: 'x', enumerable: true });
    const parsed = parseForm(body);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
    assert.deepEqual(
      parsed.unknown.sort(),
      [
        '__proto__',
        '__proto__.polluted',
        'constructor.prototype.polluted',
        'packages.0.__proto__',
        'packages.0.files.0.constructor',
        'platforms.0.hasOwnProperty',
        'references.constructor.label',
      ].sort(),
    );
    assert.equal(parsed.state.title, 'ok');
  });

  it('bounds every index: past the cap, padded or huge numbers are unknown fields', () => {
    const parsed = parseForm({
      [`packages.${ROW_LIMITS.packages}.fileName`]: 'x',
      [`packages.0.files.${ROW_LIMITS.files}.name`]: 'x',
      'kb.01': '885835',
      'kb.99999999': '1',
      'kb.-1': '1',
      'kb.1e3': '1',
      'packages.0.deployMinutes.75': '3',
    });
    assert.equal(parsed.unknown.length, 7);
    assert.equal(parsed.state.packages.length, 1, 'the package row named by a valid field exists, nothing more');
    assert.deepEqual(parsed.state.kb, []);
  });

  it('adds a row where the button says, and drops ticked rows; gaps in posted indexes close up', () => {
    const parsed = parseForm({
      'packages.0.fileName': 'a.exe',
      'packages.0.files.0.name': 'x.dll',
      'packages.0.files.3.name': 'y.dll',
      'packages.0.files.3._remove': '1',
      'packages.2.fileName': 'b.exe',
      add: 'packages.0.files',
    });
    assert.deepEqual(parsed.command, { kind: 'addFile', pkg: 0 });
    assert.deepEqual(
      parsed.state.packages.map((p) => p.fileName),
      ['a.exe', 'b.exe'],
    );
    assert.deepEqual(
      parsed.state.packages[0].files.map((f) => f.name),
      ['x.dll', ''],
    );
    assert.equal(parseForm({ add: 'packages.5.files' }).state.packages.length, 0, 'no package is made up for a file row');
    assert.equal(parseForm({ add: 'platforms' }).state.platforms.length, 1);
    assert.equal(parseForm({ add: 'constructor' }).unknown[0], 'add');
  });

  it('converts what was typed: numbers with commas, tri-states, KB prefixes, CRLF; leaves the rest to the validator', () => {
    const state = parseForm({
      summary: 'a\r\nb',
      exploitCodePublic: 'true',
      rebootRequired: 'unknown',
      'kb.0': 'KB885835',
      'packages.0.size': '1,022,096',
      'packages.0.files.0.size': 'big',
      severity: '9',
    }).state;
    const doc = documentFromState(state) as Record<string, unknown> & { packages: { size: unknown; files: { size: unknown }[] }[] };
    assert.equal(doc.summary, 'a\nb');
    assert.equal(doc.exploitCodePublic, true);
    assert.equal(doc.rebootRequired, null);
    assert.deepEqual(doc.kb, ['885835']);
    assert.equal(doc.packages[0].size, 1022096);
    assert.equal(doc.packages[0].files[0].size, 'big');
    const problems = fieldProblems(validateAdvisory(doc).problems);
    assert.ok(problems.some((p) => p.field === 'packages.0.files.0.size' && p.key === 'editor.problem.size'));
    assert.ok(problems.some((p) => p.field === 'severity' && p.key === 'editor.problem.choose'));
  });

  it('labels every field, group and row of the form in both languages (no raw message keys)', () => {
    const names = [...Object.keys(flatten(reference())), 'platforms', 'packages.0.platforms', 'editorNotes.1.references', 'targets'];
    for (const locale of ['ja', 'en'] as const) {
      for (const name of names) assert.doesNotMatch(fieldLabel(name, locale), /editor\./, name);
      const json = JSON.stringify(formSections(stateFromDocument(reference()), {}, locale, false));
      assert.doesNotMatch(json, /\beditor\.[a-zA-Z]/, `a key left untranslated (${locale})`);
    }
  });

  it('names the form field of each JSON path; list items name their group', () => {
    assert.equal(fieldOfPath('packages[2].files[5].size'), 'packages.2.files.5.size');
    assert.equal(fieldOfPath('packages[0].deployMinutes.50'), 'packages.0.deployMinutes.50');
    assert.equal(fieldOfPath('packages[1].platforms[0]'), 'packages.1.platforms');
    assert.equal(fieldOfPath('editorNotes[3].references[1]'), 'editorNotes.3.references');
    assert.equal(fieldOfPath('targets[1]'), 'targets');
    assert.equal(fieldOfPath('kb[0]'), 'kb.0');
    assert.equal(fieldOfPath('platforms'), 'platforms');
  });
});
