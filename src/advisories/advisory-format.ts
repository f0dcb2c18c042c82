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

export interface FormatProblem {
  path: string;
  message: string;
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

  const id = v.string(o, 'id', { pattern: ADVISORY_ID, patternText: 'must look like MS04-044 (upper-case letters, digits, a hyphen)' });
  const platforms = v.array(
    o,
    'platforms',
    (item, p) => {
      const x = v.object(item, p, ['key', 'label', 'product']);
      if (!x) return undefined;
      return {
        key: v.string(
          x,
          'key',
          { pattern: PLATFORM_KEY, patternText: 'must be lower-case letters, digits, "." or "-" (e.g. win2000-sp4)' },
          p,
        ),
        label: v.string(x, 'label', { max: LIMITS.platformLabel }, p),
        product: v.string(x, 'product', { max: LIMITS.platformProduct }, p),
      };
    },
    { min: 1 },
  );
  const keys = new Set<string>();
  platforms?.forEach((pl, i) => {
    if (!pl?.key) return;
    if (keys.has(pl.key)) v.problem(`platforms[${i}].key`, `duplicate platform key "${pl.key}"`);
    keys.add(pl.key);
  });
  const platformKey = (value: unknown, p: string): string | undefined => {
    if (typeof value !== 'string') return v.problem(p, 'must be a platform key (string)');
    if (!keys.has(value)) return v.problem(p, `unknown platform "${value}" (not in platforms[].key)`);
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
    kb: v.array(o, 'kb', (item, p) =>
      v.value(item, p, (s) => typeof s === 'string' && KB_NUMBER.test(s), 'must be a KB number of 5 to 7 digits, as a string'),
    ),
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
        (item, p) => v.value(item, p, (s) => (TARGETS as readonly unknown[]).includes(s), `must be one of ${TARGETS.join(', ')}`),
        { optional: true },
      ) ?? [],
    vulnerabilityId: v.string(o, 'vulnerabilityId', { optional: true, max: LIMITS.vulnerabilityId }),
    references: references ?? [],
    relatedAdvisories:
      v.array(
        o,
        'relatedAdvisories',
        (item, p) => v.value(item, p, (s) => typeof s === 'string' && ADVISORY_ID.test(s), 'must be an advisory id like MS04-011'),
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
            ? v.problem(p, `must be at most ${LIMITS.labTestedOn} characters`)
            : v.value(item, p, (s) => typeof s === 'string' && s.trim() !== '', 'must be a non-empty string'),
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
              if (typeof r !== 'string') return v.problem(q, 'must be a reference label (string)');
              if (!referenceLabels.has(r)) return v.problem(q, `unknown reference "${r}" (not in references[].label)`);
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
    v.problem('updatedOn', 'must not be before registeredOn');
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
        const sameAs = v.string(
          y,
          'sameAs',
          { optional: true, pattern: ADVISORY_ID, patternText: 'must be an advisory id like MS04-022' },
          q,
        );
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
          'must be a positive whole number of minutes',
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
  patternText?: string;
}

/** Collects problems while walking the document; each check returns the value or undefined. */
class Checker {
  readonly problems: FormatProblem[] = [];
  constructor(private readonly basePath: string) {}

  problem(path: string, message: string): undefined {
    const full = this.basePath ? (path.startsWith('[') || !path ? this.basePath + path : `${this.basePath}.${path}`) : path;
    this.problems.push({ path: full || '(root)', message });
    return undefined;
  }

  object(value: unknown, path: string, allowed: readonly string[]): Record<string, unknown> | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return this.problem(path, 'must be an object');
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.problem(join(path, key), 'unknown field');
    }
    return value as Record<string, unknown>;
  }

  value<T>(value: unknown, path: string, ok: (v: unknown) => boolean, message: string): T | undefined {
    return ok(value) ? (value as T) : this.problem(path, message);
  }

  string(o: Record<string, unknown>, key: string, rule: StringRule, base = ''): string {
    const path = join(base, key);
    const value = o[key];
    if (value === undefined || value === null) {
      return (rule.optional ? undefined : this.problem(path, 'is required')) as unknown as string;
    }
    if (typeof value !== 'string') return this.problem(path, 'must be a string') as unknown as string;
    if (!rule.allowEmpty && value.trim() === '') return this.problem(path, 'must not be empty') as unknown as string;
    if (rule.max && value.length > rule.max) return this.problem(path, `must be at most ${rule.max} characters`) as unknown as string;
    if (value.includes('\u0000')) return this.problem(path, 'must not contain NUL characters') as unknown as string;
    if (rule.pattern && !rule.pattern.test(value)) return this.problem(path, rule.patternText ?? 'has the wrong form') as unknown as string;
    return value;
  }

  date(o: Record<string, unknown>, key: string, base = ''): string {
    const path = join(base, key);
    const value = o[key];
    if (value === undefined || value === null) return this.problem(path, 'is required') as unknown as string;
    if (typeof value !== 'string' || !ISO_DATE.test(value) || !isRealDate(value)) {
      return this.problem(path, 'must be a date written YYYY-MM-DD') as unknown as string;
    }
    return value;
  }

  size(o: Record<string, unknown>, key: string, base = ''): number {
    const path = join(base, key);
    const value = o[key];
    if (value === undefined || value === null) return this.problem(path, 'is required') as unknown as number;
    if (!Number.isSafeInteger(value) || (value as number) < 0) {
      return this.problem(path, 'must be a non-negative integer') as unknown as number;
    }
    return value as number;
  }

  url(o: Record<string, unknown>, key: string, base = ''): string | undefined {
    const path = join(base, key);
    const value = o[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') return this.problem(path, 'must be a string');
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      return this.problem(path, 'must be an absolute http:// or https:// URL');
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      return this.problem(path, 'must be an absolute http:// or https:// URL');
    if (value.length > LIMITS.referenceUrl) return this.problem(path, `must be at most ${LIMITS.referenceUrl} characters`);
    return value;
  }

  nullableBoolean(o: Record<string, unknown>, key: string): boolean | null {
    const value = o[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'boolean') return this.problem(key, 'must be true, false or null (unknown)') as unknown as boolean;
    return value;
  }

  oneOf<T extends string | number>(o: Record<string, unknown>, key: string, allowed: readonly T[], base = ''): T {
    const path = join(base, key);
    const value = o[key];
    if (value === undefined || value === null) return this.problem(path, 'is required') as unknown as T;
    if (!allowed.includes(value as T)) {
      return this.problem(path, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`) as unknown as T;
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
      return (opts.optional ? undefined : this.problem(path, 'is required')) as unknown as T[];
    }
    if (!Array.isArray(value)) return this.problem(path, 'must be an array') as unknown as T[];
    if (opts.min && value.length < opts.min) this.problem(path, `must have at least ${opts.min} item${opts.min > 1 ? 's' : ''}`);
    return value.map((item, i) => each(item, join(path, i))) as T[];
  }
}

function isRealDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
