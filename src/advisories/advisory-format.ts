import { LIMITS } from '../common/limits';

/**
 * The advisory import/export format (reference example: the demo MS04-044.json).
 * One validator serves the CLI import and, later, the editors' upload form.
 */

export const SEVERITIES = [1, 2, 3, 4] as const;
export type Severity = (typeof SEVERITIES)[number];
export const COUNTERMEASURES = ['sp-wait', 'early', 'urgent'] as const;
export type Countermeasure = (typeof COUNTERMEASURES)[number];
export const TARGETS = ['server', 'client'] as const;
export type Target = (typeof TARGETS)[number];
export const REFERENCE_KINDS = ['bulletin', 'kb', 'faq', 'security-info', 'advisory', 'other'] as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];
export const DEPLOY_HOST_COUNTS = ['50', '100', '250', '500'] as const;

export interface AdvisoryReference {
  kind: ReferenceKind;
  label: string;
  title?: string;
  url?: string;
}
export interface Vulnerability {
  name: string;
  detail: string;
}
export interface PlatformDoc {
  key: string;
  label: string;
  product: string;
}
export interface EditorNote {
  title: string;
  body: string;
  platforms?: string[];
  references?: string[];
}
export interface PatchedFile {
  branch?: string;
  folder: string;
  name: string;
  date: string;
  version: string;
  size: number;
  description?: string;
  sameAs?: string;
}
export interface PackageDoc {
  platforms: string[];
  fileName: string;
  date: string;
  version: string;
  size: number;
  updateTitle?: string;
  files: PatchedFile[];
  filesNote?: string;
  verification?: string;
  deployMinutes?: Partial<Record<(typeof DEPLOY_HOST_COUNTS)[number], number>>;
  updateExpert?: string;
}
export interface AdvisoryDocument {
  id: string;
  kb: string[];
  title: string;
  officialTitle?: string;
  registeredOn: string;
  updatedOn: string;
  severity: Severity;
  exploitCodePublic: boolean | null;
  countermeasure: Countermeasure;
  rebootRequired: boolean | null;
  uninstallable: boolean | null;
  targets: Target[];
  vulnerabilityId?: string;
  references: AdvisoryReference[];
  relatedAdvisories: string[];
  summary: string;
  vulnerabilities: Vulnerability[];
  platforms: PlatformDoc[];
  labTestedOn: string[];
  editorNotes: EditorNote[];
  packages: PackageDoc[];
}

/** A problem found in an advisory: where, its words for pages (a catalog key and values) and for the CLI (English). */
export interface FormatProblem {
  path: string;
  key: string;
  params: Record<string, string | number>;
  message: string;
}

type Params = Record<string, string | number>;

/** Every problem the format reports: the catalog key pages show it by, and the words the CLI prints. */
const PROBLEMS = {
  required: ['editor.problem.required', () => 'is required'],
  empty: ['editor.problem.required', () => 'must not be empty'],
  nonEmptyString: ['editor.problem.required', () => 'must be a non-empty string'],
  string: ['editor.problem.string', () => 'must be a string'],
  object: ['editor.problem.object', () => 'must be an object'],
  array: ['editor.problem.array', () => 'must be an array'],
  unknownField: ['editor.problem.unknownField', () => 'unknown field'],
  nul: ['editor.problem.nul', () => 'must not contain NUL characters'],
  tooLong: ['editor.problem.tooLong', (p: Params) => `must be at most ${p.max} characters`],
  date: ['editor.problem.date', () => 'must be a date written YYYY-MM-DD'],
  size: ['editor.problem.size', () => 'must be a non-negative integer'],
  minutes: ['editor.problem.minutes', () => 'must be a positive whole number of minutes'],
  url: ['editor.problem.url', () => 'must be an absolute http:// or https:// URL'],
  advisoryId: ['editor.problem.advisoryId', () => 'must look like MS04-044 (upper-case letters, digits, a hyphen)'],
  sameAs: ['editor.problem.advisoryId', () => 'must be an advisory id like MS04-022'],
  relatedAdvisory: ['editor.problem.advisoryId', () => 'must be an advisory id like MS04-011'],
  platformKey: ['editor.problem.platformKey', () => 'must be lower-case letters, digits, "." or "-" (e.g. win2000-sp4)'],
  kb: ['editor.problem.kb', () => 'must be a KB number of 5 to 7 digits, as a string'],
  duplicateKey: ['editor.problem.duplicateKey', (p: Params) => `duplicate platform key "${p.value}"`],
  platformKeyString: ['editor.problem.platformKeyString', () => 'must be a platform key (string)'],
  unknownPlatform: ['editor.problem.unknownPlatform', (p: Params) => `unknown platform "${p.value}" (not in platforms[].key)`],
  referenceString: ['editor.problem.referenceString', () => 'must be a reference label (string)'],
  unknownReference: ['editor.problem.unknownReference', (p: Params) => `unknown reference "${p.value}" (not in references[].label)`],
  atLeast: ['editor.problem.atLeastOne', (p: Params) => `must have at least ${p.min} item${Number(p.min) > 1 ? 's' : ''}`],
  updatedBeforeRegistered: ['editor.problem.updatedBeforeRegistered', () => 'must not be before registeredOn'],
  choose: ['editor.problem.choose', (p: Params) => `must be one of ${p.allowed}`],
  nullableBoolean: ['editor.problem.choose', () => 'must be true, false or null (unknown)'],
  notJson: ['editor.problem.notJson', (p: Params) => `is not valid JSON: ${p.detail}`],
  emptyArray: ['editor.problem.emptyArray', () => 'holds an empty array: no advisory to import'],
  unreadable: ['editor.problem.unreadable', (p: Params) => `cannot be read (${p.detail})`],
  duplicateId: ['editor.problem.duplicateId', () => 'appears more than once in this import'],
  unknownCitation: ['editor.problem.unknownCitation', (p: Params) => `cites ${p.value}, which does not exist`],
  tooManyCitations: ['editor.problem.tooManyCitations', (p: Params) => `cites more than ${p.max} posts and known issues in all notes`],
} satisfies Record<string, [string, (p: Params) => string]>;

export type ProblemCode = keyof typeof PROBLEMS;

/** The catalog keys of every problem (so a test can check each has its words in both languages). */
export const PROBLEM_KEYS: readonly string[] = [...new Set(Object.values(PROBLEMS).map(([key]) => key))];

/** One problem at a JSON path (`packages[2].files[5].size`), in both its page and CLI words. */
export function formatProblem(path: string, code: ProblemCode, params: Params = {}): FormatProblem {
  const [key, english] = PROBLEMS[code];
  return { path, key, params, message: english(params) };
}

export const ADVISORY_ID = /^[A-Z]{2,8}\d{2,4}-\d{3,5}$/;
export const PLATFORM_KEY = new RegExp(`^[a-z0-9][a-z0-9.-]{0,${LIMITS.platformKey - 1}}$`);
const KB_NUMBER = /^\d{5,7}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Upper-cases and trims an advisory id as typed in a URL or file; null when it cannot be one. */
export function normalizeAdvisoryId(raw: string): string | null {
  const id = raw.trim().toUpperCase();
  return ADVISORY_ID.test(id) ? id : null;
}

/**
 * Checks one advisory object and returns either the typed document or every problem found,
 * each with the JSON path of the field (`packages[2].files[5].size`).
 */
export function validateAdvisory(input: unknown, basePath = ''): { doc?: AdvisoryDocument; problems: FormatProblem[] } {
  const v = new Checker(basePath);
  const o = v.object(input, '', TOP_LEVEL_KEYS);
  if (!o) return { problems: v.problems };

  const id = v.string(o, 'id', { pattern: ADVISORY_ID, patternProblem: 'advisoryId' });
  const platforms = v.array(
    o,
    'platforms',
    (item, p) => {
      const x = v.object(item, p, ['key', 'label', 'product']);
      if (!x) return undefined;
      return {
        key: v.string(x, 'key', { pattern: PLATFORM_KEY, patternProblem: 'platformKey' }, p),
        label: v.string(x, 'label', { max: LIMITS.platformLabel }, p),
        product: v.string(x, 'product', { max: LIMITS.platformProduct }, p),
      };
    },
    { min: 1 },
  );
  const keys = new Set<string>();
  platforms?.forEach((pl, i) => {
    if (!pl?.key) return;
    if (keys.has(pl.key)) v.problem(`platforms[${i}].key`, 'duplicateKey', { value: pl.key });
    keys.add(pl.key);
  });
  const platformKey = (value: unknown, p: string): string | undefined => {
    if (typeof value !== 'string') return v.problem(p, 'platformKeyString');
    if (!keys.has(value)) return v.problem(p, 'unknownPlatform', { value });
    return value;
  };

  const references = v.array(
    o,
    'references',
    (item, p) => {
      const x = v.object(item, p, ['kind', 'label', 'title', 'url']);
      if (!x) return undefined;
      const ref: AdvisoryReference = {
        kind: v.oneOf(x, 'kind', REFERENCE_KINDS, p),
        label: v.string(x, 'label', { max: LIMITS.referenceLabel }, p),
      };
      const title = v.string(x, 'title', { optional: true, max: LIMITS.referenceTitle }, p);
      if (title !== undefined) ref.title = title;
      const url = v.url(x, 'url', p);
      if (url !== undefined) ref.url = url;
      return ref;
    },
    { optional: true },
  );
  const referenceLabels = new Set((references ?? []).map((r) => r?.label));

  const doc = {
    id,
    kb: v.array(o, 'kb', (item, p) => v.value(item, p, (s) => typeof s === 'string' && KB_NUMBER.test(s), 'kb')),
    title: v.string(o, 'title', { max: LIMITS.advisoryTitle }),
    officialTitle: v.string(o, 'officialTitle', { optional: true, max: LIMITS.advisoryTitle }),
    registeredOn: v.date(o, 'registeredOn'),
    updatedOn: v.date(o, 'updatedOn'),
    severity: v.oneOf(o, 'severity', SEVERITIES),
    exploitCodePublic: v.nullableBoolean(o, 'exploitCodePublic'),
    countermeasure: v.oneOf(o, 'countermeasure', COUNTERMEASURES),
    rebootRequired: v.nullableBoolean(o, 'rebootRequired'),
    uninstallable: v.nullableBoolean(o, 'uninstallable'),
    targets:
      v.array(
        o,
        'targets',
        (item, p) => v.value(item, p, (s) => (TARGETS as readonly unknown[]).includes(s), 'choose', { allowed: TARGETS.join(', ') }),
        { optional: true },
      ) ?? [],
    vulnerabilityId: v.string(o, 'vulnerabilityId', { optional: true, max: LIMITS.vulnerabilityId }),
    references: references ?? [],
    relatedAdvisories:
      v.array(
        o,
        'relatedAdvisories',
        (item, p) => v.value(item, p, (s) => typeof s === 'string' && ADVISORY_ID.test(s), 'relatedAdvisory'),
        { optional: true },
      ) ?? [],
    summary: v.string(o, 'summary', { optional: true, max: LIMITS.advisoryText, allowEmpty: true }) ?? '',
    vulnerabilities:
      v.array(
        o,
        'vulnerabilities',
        (item, p) => {
          const x = v.object(item, p, ['name', 'detail']);
          if (!x) return undefined;
          return {
            name: v.string(x, 'name', { max: LIMITS.vulnerabilityName }, p),
            detail: v.string(x, 'detail', { max: LIMITS.advisoryText, allowEmpty: true }, p),
          };
        },
        { optional: true },
      ) ?? [],
    platforms,
    labTestedOn:
      v.array(
        o,
        'labTestedOn',
        (item, p) =>
          typeof item === 'string' && item.length > LIMITS.labTestedOn
            ? v.problem(p, 'tooLong', { max: LIMITS.labTestedOn })
            : v.value(item, p, (s) => typeof s === 'string' && s.trim() !== '', 'nonEmptyString'),
        { optional: true },
      ) ?? [],
    editorNotes:
      v.array(
        o,
        'editorNotes',
        (item, p) => {
          const x = v.object(item, p, ['title', 'body', 'platforms', 'references']);
          if (!x) return undefined;
          const note: EditorNote = {
            title: v.string(x, 'title', { max: LIMITS.editorNoteTitle }, p),
            body: v.string(x, 'body', { max: LIMITS.advisoryText, allowEmpty: true }, p),
          };
          const notePlatforms = v.array(x, 'platforms', (k, q) => platformKey(k, q), { optional: true }, p);
          if (notePlatforms) note.platforms = notePlatforms;
          const noteRefs = v.array(
            x,
            'references',
            (r, q) => {
              if (typeof r !== 'string') return v.problem(q, 'referenceString');
              if (!referenceLabels.has(r)) return v.problem(q, 'unknownReference', { value: r });
              return r;
            },
            { optional: true },
            p,
          );
          if (noteRefs) note.references = noteRefs;
          return note;
        },
        { optional: true },
      ) ?? [],
    packages: v.array(o, 'packages', (item, p) => checkPackage(v, item, p, platformKey), { optional: true }) ?? [],
  } as AdvisoryDocument;

  if (doc.registeredOn && doc.updatedOn && doc.updatedOn < doc.registeredOn) {
    v.problem('updatedOn', 'updatedBeforeRegistered');
  }
  if (doc.officialTitle === undefined) delete doc.officialTitle;
  if (doc.vulnerabilityId === undefined) delete doc.vulnerabilityId;
  return v.problems.length ? { problems: v.problems } : { doc, problems: [] };
}

function checkPackage(
  v: Checker,
  item: unknown,
  p: string,
  platformKey: (x: unknown, p: string) => string | undefined,
): PackageDoc | undefined {
  const x = v.object(item, p, [
    'platforms',
    'fileName',
    'date',
    'version',
    'size',
    'updateTitle',
    'files',
    'filesNote',
    'verification',
    'deployMinutes',
    'updateExpert',
  ]);
  if (!x) return undefined;
  // Keys are set in the reference file's order, so that an export reads like the file imported.
  const pkg = {
    platforms: v.array(x, 'platforms', (k, q) => platformKey(k, q), { min: 1 }, p),
    fileName: v.string(x, 'fileName', { max: LIMITS.fileName }, p),
    date: v.date(x, 'date', p),
    version: v.string(x, 'version', { max: LIMITS.fileVersion }, p),
    size: v.size(x, 'size', p),
  } as PackageDoc;
  const optional = (key: 'updateTitle' | 'filesNote' | 'verification' | 'updateExpert') => {
    const s = v.string(x, key, { optional: true, max: LIMITS.packageNote }, p);
    if (s !== undefined) pkg[key] = s;
  };
  optional('updateTitle');
  pkg.files =
    v.array(
      x,
      'files',
      (f, q) => {
        const y = v.object(f, q, ['branch', 'folder', 'name', 'date', 'version', 'size', 'description', 'sameAs']);
        if (!y) return undefined;
        const file = {} as PatchedFile;
        const branch = v.string(y, 'branch', { optional: true, max: LIMITS.fileBranch }, q);
        if (branch !== undefined) file.branch = branch;
        file.folder = v.string(y, 'folder', { max: LIMITS.fileFolder }, q);
        file.name = v.string(y, 'name', { max: LIMITS.fileName }, q);
        file.date = v.date(y, 'date', q);
        file.version = v.string(y, 'version', { max: LIMITS.fileVersion }, q);
        file.size = v.size(y, 'size', q);
        const description = v.string(y, 'description', { optional: true, max: LIMITS.fileDescription }, q);
        if (description !== undefined) file.description = description;
        const sameAs = v.string(y, 'sameAs', { optional: true, pattern: ADVISORY_ID, patternProblem: 'sameAs' }, q);
        if (sameAs !== undefined) file.sameAs = sameAs;
        return file;
      },
      { optional: true },
      p,
    ) ?? [];
  optional('filesNote');
  optional('verification');
  if (x.deployMinutes !== undefined) {
    const dm = v.object(x.deployMinutes, join(p, 'deployMinutes'), DEPLOY_HOST_COUNTS);
    if (dm) {
      pkg.deployMinutes = {};
      for (const hosts of DEPLOY_HOST_COUNTS) {
        if (dm[hosts] === undefined) continue;
        const minutes = v.value(
          dm[hosts],
          join(join(p, 'deployMinutes'), hosts),
          (n) => Number.isInteger(n) && (n as number) > 0 && (n as number) < 100000,
          'minutes',
        );
        if (minutes !== undefined) pkg.deployMinutes[hosts] = minutes as number;
      }
    }
  }
  optional('updateExpert');
  return pkg;
}

/** The top-level fields, in the reference file's order. */
export const TOP_LEVEL_KEYS = [
  'id',
  'kb',
  'title',
  'officialTitle',
  'registeredOn',
  'updatedOn',
  'severity',
  'exploitCodePublic',
  'countermeasure',
  'rebootRequired',
  'uninstallable',
  'targets',
  'vulnerabilityId',
  'references',
  'relatedAdvisories',
  'summary',
  'vulnerabilities',
  'platforms',
  'labTestedOn',
  'editorNotes',
  'packages',
];

function join(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base ? `${base}.${key}` : key;
}

interface StringRule {
  optional?: boolean;
  allowEmpty?: boolean;
  max?: number;
  pattern?: RegExp;
  patternProblem?: ProblemCode;
}

/** Collects problems while walking the document; each check returns the value or undefined. */
class Checker {
  readonly problems: FormatProblem[] = [];
  constructor(private readonly basePath: string) {}

  problem(path: string, code: ProblemCode, params: Params = {}): undefined {
    const full = this.basePath ? (path.startsWith('[') || !path ? this.basePath + path : `${this.basePath}.${path}`) : path;
    this.problems.push(formatProblem(full || '(root)', code, params));
    return undefined;
  }

  object(value: unknown, path: string, allowed: readonly string[]): Record<string, unknown> | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return this.problem(path, 'object');
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.problem(join(path, key), 'unknownField');
    }
    return value as Record<string, unknown>;
  }

  value<T>(value: unknown, path: string, ok: (v: unknown) => boolean, code: ProblemCode, params: Params = {}): T | undefined {
    return ok(value) ? (value as T) : this.problem(path, code, params);
  }

  string(o: Record<string, unknown>, key: string, rule: StringRule, base = ''): string {
    const path = join(base, key);
    const value = o[key];
    if (value === undefined || value === null) {
      return (rule.optional ? undefined : this.problem(path, 'required')) as unknown as string;
    }
    if (typeof value !== 'string') return this.problem(path, 'string') as unknown as string;
    if (!rule.allowEmpty && value.trim() === '') return this.problem(path, 'empty') as unknown as string;
    if (rule.max && value.length > rule.max) return this.problem(path, 'tooLong', { max: rule.max }) as unknown as string;
    if (value.includes('\u0000')) return this.problem(path, 'nul') as unknown as string;
    if (rule.pattern && !rule.pattern.test(value)) return this.problem(path, rule.patternProblem!) as unknown as string;
    return value;
  }

  date(o: Record<string, unknown>, key: string, base = ''): string {
    const path = join(base, key);
    const value = o[key];
    if (value === undefined || value === null) return this.problem(path, 'required') as unknown as string;
    if (typeof value !== 'string' || !ISO_DATE.test(value) || !isRealDate(value)) {
      return this.problem(path, 'date') as unknown as string;
    }
    return value;
  }

  size(o: Record<string, unknown>, key: string, base = ''): number {
    const path = join(base, key);
    const value = o[key];
    if (value === undefined || value === null) return this.problem(path, 'required') as unknown as number;
    if (!Number.isSafeInteger(value) || (value as number) < 0) {
      return this.problem(path, 'size') as unknown as number;
    }
    return value as number;
  }

  url(o: Record<string, unknown>, key: string, base = ''): string | undefined {
    const path = join(base, key);
    const value = o[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') return this.problem(path, 'string');
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      return this.problem(path, 'url');
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return this.problem(path, 'url');
    if (value.length > LIMITS.referenceUrl) return this.problem(path, 'tooLong', { max: LIMITS.referenceUrl });
    return value;
  }

  nullableBoolean(o: Record<string, unknown>, key: string): boolean | null {
    const value = o[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'boolean') return this.problem(key, 'nullableBoolean') as unknown as boolean;
    return value;
  }

  oneOf<T extends string | number>(o: Record<string, unknown>, key: string, allowed: readonly T[], base = ''): T {
    const path = join(base, key);
    const value = o[key];
    if (value === undefined || value === null) return this.problem(path, 'required') as unknown as T;
    if (!allowed.includes(value as T)) {
      return this.problem(path, 'choose', { allowed: allowed.map((a) => JSON.stringify(a)).join(', ') }) as unknown as T;
    }
    return value as T;
  }

  array<T>(
    o: Record<string, unknown>,
    key: string,
    each: (item: unknown, path: string) => T | undefined,
    opts: { optional?: boolean; min?: number } = {},
    base = '',
  ): T[] {
    const path = join(base, key);
    const value = o[key];
    if (value === undefined || value === null) {
      return (opts.optional ? undefined : this.problem(path, 'required')) as unknown as T[];
    }
    if (!Array.isArray(value)) return this.problem(path, 'array') as unknown as T[];
    if (opts.min && value.length < opts.min) this.problem(path, 'atLeast', { min: opts.min });
    return value.map((item, i) => each(item, join(path, i))) as T[];
  }
}

function isRealDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
