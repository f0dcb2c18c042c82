import {
  AdvisoryDocument,
  COUNTERMEASURES,
  DEPLOY_HOST_COUNTS,
  FormatProblem,
  REFERENCE_KINDS,
  SEVERITIES,
  TARGETS,
} from './advisory-format';

/**
 * The editor's form for the whole import format, as flat field names a browser can post without
 * script (`packages.1.files.2.size`). The form state holds exactly what was typed (strings); the
 * document is built from it for the one validator, and the validator's JSON paths map back to fields.
 */

export type TriState = 'true' | 'false' | 'unknown';

export interface ReferenceRow {
  kind: string;
  label: string;
  title: string;
  url: string;
}
export interface VulnerabilityRow {
  name: string;
  detail: string;
}
export interface PlatformRow {
  key: string;
  label: string;
  product: string;
}
export interface NoteRow {
  title: string;
  body: string;
  platforms: string[];
  references: string[];
}
export interface FileRow {
  branch: string;
  folder: string;
  name: string;
  date: string;
  version: string;
  size: string;
  description: string;
  sameAs: string;
}
export interface PackageRow {
  platforms: string[];
  fileName: string;
  date: string;
  version: string;
  size: string;
  updateTitle: string;
  files: FileRow[];
  filesNote: string;
  verification: string;
  deployMinutes: Record<(typeof DEPLOY_HOST_COUNTS)[number], string>;
  updateExpert: string;
}

export interface AdvisoryFormState {
  id: string;
  kb: string[];
  title: string;
  officialTitle: string;
  registeredOn: string;
  updatedOn: string;
  severity: string;
  exploitCodePublic: string;
  countermeasure: string;
  rebootRequired: string;
  uninstallable: string;
  targets: string[];
  vulnerabilityId: string;
  references: ReferenceRow[];
  relatedAdvisories: string[];
  summary: string;
  vulnerabilities: VulnerabilityRow[];
  platforms: PlatformRow[];
  labTestedOn: string[];
  editorNotes: NoteRow[];
  packages: PackageRow[];
}

const SCALARS = [
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
] as const;
const STRING_LISTS = ['kb', 'relatedAdvisories', 'labTestedOn'] as const;
const REFERENCE_FIELDS = ['kind', 'label', 'title', 'url'] as const;
const VULNERABILITY_FIELDS = ['name', 'detail'] as const;
const PLATFORM_FIELDS = ['key', 'label', 'product'] as const;
const NOTE_FIELDS = ['title', 'body'] as const;
const NOTE_LISTS = ['platforms', 'references'] as const;
const PACKAGE_FIELDS = ['fileName', 'date', 'version', 'size', 'updateTitle', 'filesNote', 'verification', 'updateExpert'] as const;
const FILE_FIELDS = ['branch', 'folder', 'name', 'date', 'version', 'size', 'description', 'sameAs'] as const;
/** Fields typed in a textarea: the browser sends CRLF line ends, stored as LF. */
const MULTILINE = new Set(['summary', 'detail', 'body', 'filesNote', 'verification']);

/** Where the form is posted: these paths get a body parser sized for a whole bulletin. */
export const ADVISORY_FORM_PATHS = ['/advisories/new', '/advisories/:id/edit'];

/** Row caps: a form can never make the server build more than this, whatever is posted. */
export const ROW_LIMITS = {
  kb: 20,
  relatedAdvisories: 50,
  labTestedOn: 100,
  references: 100,
  vulnerabilities: 50,
  platforms: 60,
  editorNotes: 50,
  packages: 40,
  files: 300,
  checks: 100,
} as const;

/** The groups that have an "add a row" button, as the button's value names them. */
export type RowGroup = (typeof STRING_LISTS)[number] | 'references' | 'vulnerabilities' | 'platforms' | 'editorNotes' | 'packages';

export function emptyFile(): FileRow {
  return { branch: '', folder: '', name: '', date: '', version: '', size: '', description: '', sameAs: '' };
}

export function emptyPackage(): PackageRow {
  return {
    platforms: [],
    fileName: '',
    date: '',
    version: '',
    size: '',
    updateTitle: '',
    files: [],
    filesNote: '',
    verification: '',
    deployMinutes: { 50: '', 100: '', 250: '', 500: '' },
    updateExpert: '',
  };
}

const EMPTY_ROWS = {
  references: (): ReferenceRow => ({ kind: 'kb', label: '', title: '', url: '' }),
  vulnerabilities: (): VulnerabilityRow => ({ name: '', detail: '' }),
  platforms: (): PlatformRow => ({ key: '', label: '', product: '' }),
  editorNotes: (): NoteRow => ({ title: '', body: '', platforms: [], references: [] }),
  packages: emptyPackage,
};

/** A new advisory's form: one platform and one KB row to start from. */
export function newFormState(today: string): AdvisoryFormState {
  return {
    id: '',
    kb: [''],
    title: '',
    officialTitle: '',
    registeredOn: today,
    updatedOn: today,
    severity: '',
    exploitCodePublic: 'unknown',
    countermeasure: '',
    rebootRequired: 'unknown',
    uninstallable: 'unknown',
    targets: [],
    vulnerabilityId: '',
    references: [],
    relatedAdvisories: [],
    summary: '',
    vulnerabilities: [],
    platforms: [EMPTY_ROWS.platforms()],
    labTestedOn: [],
    editorNotes: [],
    packages: [],
  };
}

const tri = (v: boolean | null): TriState => (v === null ? 'unknown' : v ? 'true' : 'false');
const num = (v: number | undefined): string => (v === undefined ? '' : String(v));

/** The stored document as the form shows it. */
export function stateFromDocument(doc: AdvisoryDocument): AdvisoryFormState {
  return {
    id: doc.id,
    kb: [...doc.kb],
    title: doc.title,
    officialTitle: doc.officialTitle ?? '',
    registeredOn: doc.registeredOn,
    updatedOn: doc.updatedOn,
    severity: String(doc.severity),
    exploitCodePublic: tri(doc.exploitCodePublic),
    countermeasure: doc.countermeasure,
    rebootRequired: tri(doc.rebootRequired),
    uninstallable: tri(doc.uninstallable),
    targets: [...doc.targets],
    vulnerabilityId: doc.vulnerabilityId ?? '',
    references: doc.references.map((r) => ({ kind: r.kind, label: r.label, title: r.title ?? '', url: r.url ?? '' })),
    relatedAdvisories: [...doc.relatedAdvisories],
    summary: doc.summary,
    vulnerabilities: doc.vulnerabilities.map((v) => ({ name: v.name, detail: v.detail })),
    platforms: doc.platforms.map((p) => ({ key: p.key, label: p.label, product: p.product })),
    labTestedOn: [...doc.labTestedOn],
    editorNotes: doc.editorNotes.map((n) => ({
      title: n.title,
      body: n.body,
      platforms: [...(n.platforms ?? [])],
      references: [...(n.references ?? [])],
    })),
    packages: doc.packages.map((p) => ({
      platforms: [...p.platforms],
      fileName: p.fileName,
      date: p.date,
      version: p.version,
      size: num(p.size),
      updateTitle: p.updateTitle ?? '',
      files: p.files.map((f) => ({
        branch: f.branch ?? '',
        folder: f.folder,
        name: f.name,
        date: f.date,
        version: f.version,
        size: num(f.size),
        description: f.description ?? '',
        sameAs: f.sameAs ?? '',
      })),
      filesNote: p.filesNote ?? '',
      verification: p.verification ?? '',
      deployMinutes: {
        50: num(p.deployMinutes?.['50']),
        100: num(p.deployMinutes?.['100']),
        250: num(p.deployMinutes?.['250']),
        500: num(p.deployMinutes?.['500']),
      },
      updateExpert: p.updateExpert ?? '',
    })),
  };
}

export type FormCommand =
  { kind: 'save' } | { kind: 'preview' } | { kind: 'refresh' } | { kind: 'add'; group: RowGroup } | { kind: 'addFile'; pkg: number };

export interface ParsedForm {
  state: AdvisoryFormState;
  command: FormCommand;
  /** Field names this form does not have (refused as a whole, like any other form's stray field). */
  unknown: string[];
  /** The hidden marker of the version the form was loaded from. */
  revision: string | null;
  /** Whether the body carried an `id` field at all (the edit form has none). */
  hasId: boolean;
}

const INDEX = /^(?:0|[1-9]\d{0,3})$/;

/** Rows posted by index (gaps allowed, order kept), each with its "remove" tick. */
class Rows<T> {
  private readonly rows = new Map<number, { row: T; removed: boolean }>();
  constructor(
    private readonly make: () => T,
    private readonly limit: number,
  ) {}

  /** The row at a posted index, or null when the index is malformed or past the cap. */
  at(raw: string): { row: T; removed: boolean } | null {
    if (!INDEX.test(raw)) return null;
    const i = Number(raw);
    if (i >= this.limit) return null;
    let entry = this.rows.get(i);
    if (!entry) this.rows.set(i, (entry = { row: this.make(), removed: false }));
    return entry;
  }

  /** A posted row (never a new one). */
  existing(i: number): { row: T; removed: boolean } | undefined {
    return this.rows.get(i);
  }

  /** The index after the last posted row. */
  nextIndex(): number {
    return this.rows.size ? Math.max(...this.rows.keys()) + 1 : 0;
  }

  /** In posted order, without the rows ticked for removal. */
  list(): T[] {
    return [...this.rows.entries()]
      .sort((a, b) => a[0] - b[0])
      .filter(([, e]) => !e.removed)
      .map(([, e]) => e.row);
  }
}

/** One text value from a flat urlencoded body: a repeated field keeps its first value. */
function text(value: unknown, field: string): string {
  const v: unknown = Array.isArray(value) ? value[0] : value;
  if (typeof v !== 'string') return '';
  return MULTILINE.has(field) ? v.replace(/\r\n?/g, '\n') : v;
}

/** Ticked checkboxes: one value or several under the same name. */
function ticks(value: unknown): string[] {
  const all = Array.isArray(value) ? value : [value];
  return all.filter((v): v is string => typeof v === 'string').slice(0, ROW_LIMITS.checks);
}

const isOneOf = <T extends string>(list: readonly T[], v: string): v is T => (list as readonly string[]).includes(v);

/**
 * Reads the posted form. Only the names the form can produce are accepted, every index is bounded,
 * and values land in fixed properties: `__proto__` or `constructor` in a name is just an unknown field.
 */
export function parseForm(body: Record<string, unknown>): ParsedForm {
  const state = newFormState('');
  state.kb = [];
  state.platforms = [];
  state.registeredOn = '';
  state.updatedOn = '';
  state.exploitCodePublic = state.rebootRequired = state.uninstallable = '';
  const unknown: string[] = [];
  const lists = {
    kb: new Rows(() => ({ v: '' }), ROW_LIMITS.kb),
    relatedAdvisories: new Rows(() => ({ v: '' }), ROW_LIMITS.relatedAdvisories),
    labTestedOn: new Rows(() => ({ v: '' }), ROW_LIMITS.labTestedOn),
  };
  const references = new Rows(EMPTY_ROWS.references, ROW_LIMITS.references);
  const vulnerabilities = new Rows(EMPTY_ROWS.vulnerabilities, ROW_LIMITS.vulnerabilities);
  const platforms = new Rows(EMPTY_ROWS.platforms, ROW_LIMITS.platforms);
  const notes = new Rows(EMPTY_ROWS.editorNotes, ROW_LIMITS.editorNotes);
  const packages = new Rows(() => ({ pkg: emptyPackage(), files: new Rows(emptyFile, ROW_LIMITS.files) }), ROW_LIMITS.packages);
  let command: FormCommand = { kind: 'save' };
  let revision: string | null = null;
  let hasId = false;

  for (const name of Object.keys(body)) {
    const value = body[name];
    const parts = name.split('.');
    const [head, index, field, ...rest] = parts;
    const accepted = ((): boolean => {
      if (parts.length === 1) {
        if (isOneOf(SCALARS, head)) {
          state[head] = text(value, head);
          if (head === 'id') hasId = true;
          return true;
        }
        if (head === 'targets') return ((state.targets = ticks(value)), true);
        if (head === 'revision') return ((revision = text(value, head)), true);
        if (head === 'do') {
          const d = text(value, head);
          command = d === 'preview' ? { kind: 'preview' } : d === 'refresh' ? { kind: 'refresh' } : { kind: 'save' };
          return true;
        }
        if (head === 'add') {
          const c = addCommand(text(value, head));
          if (c) command = c;
          return c !== null;
        }
        return false;
      }
      if (isOneOf(STRING_LISTS, head)) {
        const entry = lists[head].at(index);
        if (!entry) return false;
        if (parts.length === 2) return ((entry.row.v = text(value, head)), true);
        if (parts.length === 3 && field === '_remove') return ((entry.removed = true), true);
        return false;
      }
      const simple = <T extends object>(
        rows: Rows<T>,
        fields: readonly (keyof T & string)[],
        multi: readonly (keyof T & string)[] = [],
      ): boolean => {
        if (parts.length !== 3) return false;
        const entry = rows.at(index);
        if (!entry) return false;
        if (field === '_remove') return ((entry.removed = true), true);
        if (isOneOf(fields, field)) return ((entry.row[field] = text(value, field) as T[keyof T & string]), true);
        if (isOneOf(multi, field)) return ((entry.row[field] = ticks(value) as T[keyof T & string]), true);
        return false;
      };
      if (head === 'references') return simple(references, REFERENCE_FIELDS);
      if (head === 'vulnerabilities') return simple(vulnerabilities, VULNERABILITY_FIELDS);
      if (head === 'platforms') return simple(platforms, PLATFORM_FIELDS);
      if (head === 'editorNotes') return simple(notes, NOTE_FIELDS, NOTE_LISTS);
      if (head !== 'packages' || parts.length < 3) return false;
      const entry = packages.at(index);
      if (!entry) return false;
      const pkg = entry.row.pkg;
      if (parts.length === 3) {
        if (field === '_remove') return ((entry.removed = true), true);
        if (field === 'platforms') return ((pkg.platforms = ticks(value)), true);
        if (isOneOf(PACKAGE_FIELDS, field)) return ((pkg[field] = text(value, field)), true);
        return false;
      }
      if (field === 'deployMinutes' && rest.length === 1 && isOneOf(DEPLOY_HOST_COUNTS, rest[0])) {
        pkg.deployMinutes[rest[0]] = text(value, field);
        return true;
      }
      if (field === 'files' && rest.length === 2) {
        const file = entry.row.files.at(rest[0]);
        if (!file) return false;
        if (rest[1] === '_remove') return ((file.removed = true), true);
        if (isOneOf(FILE_FIELDS, rest[1])) return ((file.row[rest[1]] = text(value, rest[1])), true);
      }
      return false;
    })();
    if (!accepted) unknown.push(name);
  }

  // An "add" names rows as they were shown: it is applied before the ticked rows go.
  if (command.kind === 'addFile') {
    const files = packages.existing(command.pkg)?.row.files;
    if (files) files.at(String(files.nextIndex()));
  }
  state.kb = lists.kb.list().map((r) => r.v);
  state.relatedAdvisories = lists.relatedAdvisories.list().map((r) => r.v);
  state.labTestedOn = lists.labTestedOn.list().map((r) => r.v);
  state.references = references.list();
  state.vulnerabilities = vulnerabilities.list();
  state.platforms = platforms.list();
  state.editorNotes = notes.list();
  state.packages = packages.list().map(({ pkg, files }) => ({ ...pkg, files: files.list() }));
  if (command.kind === 'add') addRow(state, command.group);
  return { state, command, unknown, revision, hasId };
}

function addCommand(value: string): FormCommand | null {
  const m = /^packages\.(0|[1-9]\d{0,3})\.files$/.exec(value);
  if (m) return { kind: 'addFile', pkg: Number(m[1]) };
  const groups: RowGroup[] = [
    'kb',
    'relatedAdvisories',
    'labTestedOn',
    'references',
    'vulnerabilities',
    'platforms',
    'editorNotes',
    'packages',
  ];
  return isOneOf(groups, value) ? { kind: 'add', group: value } : null;
}

/** Appends one empty row to a group, up to its cap. */
export function addRow(state: AdvisoryFormState, group: RowGroup): void {
  if (isOneOf(STRING_LISTS, group)) {
    if (state[group].length < ROW_LIMITS[group]) state[group].push('');
    return;
  }
  const rows = state[group] as unknown[];
  if (rows.length < ROW_LIMITS[group]) rows.push(EMPTY_ROWS[group]());
}

const blank = (o: object): boolean =>
  Object.entries(o).every(([k, v]: [string, unknown]) =>
    k === 'kind' ? true : Array.isArray(v) ? v.length === 0 : typeof v === 'object' && v !== null ? blank(v) : v === '',
  );

/** Rows left entirely empty (an "add" not filled in) are not part of the bulletin. */
export function withoutBlankRows(state: AdvisoryFormState): AdvisoryFormState {
  const filled = (s: string) => s.trim() !== '';
  return {
    ...state,
    kb: state.kb.filter(filled),
    relatedAdvisories: state.relatedAdvisories.filter(filled),
    labTestedOn: state.labTestedOn.filter(filled),
    references: state.references.filter((r) => !blank(r)),
    vulnerabilities: state.vulnerabilities.filter((r) => !blank(r)),
    platforms: state.platforms.filter((r) => !blank(r)),
    editorNotes: state.editorNotes.filter((r) => !blank(r)),
    packages: state.packages.map((p) => ({ ...p, files: p.files.filter((f) => !blank(f)) })).filter((p) => !blank(p)),
  };
}

const trimmed = (s: string) => s.trim();
const optional = (s: string): string | undefined => (s.trim() === '' ? undefined : s.trim());
const required = (s: string): string | undefined => optional(s);
const advisoryId = (s: string) => s.trim().toUpperCase();

/** "1,022,096" or "725320" → a number; anything else is passed on for the validator to name. */
function integer(s: string): number | string | undefined {
  const t = s.trim();
  if (t === '') return undefined;
  const digits = t.replace(/,/g, '');
  return /^\d{1,15}$/.test(digits) ? Number(digits) : t;
}

function triState(s: string): boolean | null | string {
  if (s === 'true') return true;
  if (s === 'false') return false;
  if (s === 'unknown' || s === '') return null;
  return s;
}

/**
 * The document the form describes, for validateAdvisory: optional fields left empty are absent,
 * numbers are numbers, and what cannot be converted is passed through so the validator explains it.
 */
export function documentFromState(state: AdvisoryFormState): unknown {
  const doc: Record<string, unknown> = {
    id: advisoryId(state.id) || undefined,
    kb: state.kb.map((k) => k.trim().replace(/^KB/i, '')),
    title: required(state.title),
    officialTitle: optional(state.officialTitle),
    registeredOn: required(state.registeredOn),
    updatedOn: required(state.updatedOn),
    severity: /^[1-4]$/.test(state.severity.trim()) ? Number(state.severity.trim()) : optional(state.severity),
    exploitCodePublic: triState(state.exploitCodePublic),
    countermeasure: optional(state.countermeasure),
    rebootRequired: triState(state.rebootRequired),
    uninstallable: triState(state.uninstallable),
    targets: state.targets,
    vulnerabilityId: optional(state.vulnerabilityId),
    references: state.references.map((r) =>
      prune({ kind: r.kind, label: required(r.label), title: optional(r.title), url: optional(r.url) }),
    ),
    relatedAdvisories: state.relatedAdvisories.map(advisoryId),
    summary: state.summary,
    vulnerabilities: state.vulnerabilities.map((v) => ({ name: required(v.name), detail: v.detail })),
    platforms: state.platforms.map((p) => ({ key: trimmed(p.key), label: required(p.label), product: required(p.product) })),
    labTestedOn: state.labTestedOn.map(trimmed),
    editorNotes: state.editorNotes.map((n) =>
      prune({
        title: required(n.title),
        body: n.body,
        platforms: n.platforms.length ? n.platforms : undefined,
        references: n.references.length ? n.references : undefined,
      }),
    ),
    packages: state.packages.map((p) => {
      const minutes: Record<string, unknown> = {};
      for (const h of DEPLOY_HOST_COUNTS) {
        const m = integer(p.deployMinutes[h]);
        if (m !== undefined) minutes[h] = m;
      }
      return prune({
        platforms: p.platforms,
        fileName: required(p.fileName),
        date: required(p.date),
        version: required(p.version),
        size: integer(p.size),
        updateTitle: optional(p.updateTitle),
        files: p.files.map((f) =>
          prune({
            branch: optional(f.branch),
            folder: required(f.folder),
            name: required(f.name),
            date: required(f.date),
            version: required(f.version),
            size: integer(f.size),
            description: optional(f.description),
            sameAs: f.sameAs.trim() ? advisoryId(f.sameAs) : undefined,
          }),
        ),
        filesNote: optional(p.filesNote),
        verification: optional(p.verification),
        deployMinutes: Object.keys(minutes).length ? minutes : undefined,
        updateExpert: optional(p.updateExpert),
      });
    }),
  };
  return prune(doc);
}

/** Drops the keys left undefined, so the validator sees them as absent. */
function prune<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

/** Fields whose JSON path ends in an index name the group as a whole (its checkboxes or chips). */
const GROUP_FIELDS = /^(targets|packages\.\d+\.platforms|editorNotes\.\d+\.(?:platforms|references))\.\d+$/;

/** `packages[2].files[5].size` → `packages.2.files.5.size`: the form field the problem belongs to. */
export function fieldOfPath(path: string): string {
  const name = path.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');
  return GROUP_FIELDS.test(name) ? name.replace(/\.\d+$/, '') : name;
}

export interface FieldProblem {
  field: string;
  key: string;
  params: Record<string, string | number>;
}

/** The validator's problems as message keys on form fields. */
export function fieldProblems(problems: FormatProblem[]): FieldProblem[] {
  return problems.map((p) => ({ field: fieldOfPath(p.path), key: p.key, params: p.params }));
}

export const FORM_CHOICES = { SEVERITIES, COUNTERMEASURES, TARGETS, REFERENCE_KINDS, DEPLOY_HOST_COUNTS };
