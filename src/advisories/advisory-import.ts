import { AdvisoryDocument, formatProblem, FormatProblem, validateAdvisory } from './advisory-format';

export interface ParsedFile {
  docs: AdvisoryDocument[];
  problems: FormatProblem[];
}

/** Parses one import file (an advisory object or an array of them) and validates all of it. */
export function parseAdvisoryFile(text: string): ParsedFile {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return { docs: [], problems: [formatProblem('(file)', 'notJson', { detail: (err as Error).message })] };
  }
  const items = Array.isArray(data) ? data : [data];
  if (items.length === 0) return { docs: [], problems: [formatProblem('(file)', 'emptyArray')] };
  const docs: AdvisoryDocument[] = [];
  const problems: FormatProblem[] = [];
  items.forEach((item, i) => {
    const result = validateAdvisory(item, Array.isArray(data) ? `[${i}]` : '');
    problems.push(...result.problems);
    if (result.doc) docs.push(result.doc);
  });
  return { docs, problems };
}

/** The same id twice in one import would make the outcome depend on order: refuse it. */
export function duplicateIds(docs: AdvisoryDocument[]): string[] {
  const seen = new Set<string>();
  const dupes = new Set<string>();
  for (const d of docs) (seen.has(d.id) ? dupes : seen).add(d.id);
  return [...dupes];
}

/** A file (or pasted text) to import, by the name its messages carry; `error` when it could not be read. */
export interface ImportSource {
  name: string;
  text?: string;
  error?: string;
}

/** One problem of an import: the file (or advisory id) it is about, then the problem. */
export interface ImportProblem {
  source: string;
  problem: FormatProblem;
}

/**
 * "file: path: message": one problem as the CLI prints it (English) and the upload form lists it, in the
 * words `say` gives it (the page's language).
 */
export function problemLine(p: ImportProblem, say: (p: FormatProblem) => string = (f) => f.message): string {
  return p.problem.path ? `${p.source}: ${p.problem.path}: ${say(p.problem)}` : `${p.source}: ${say(p.problem)}`;
}

/** The closing line when anything was wrong (the CLI's). */
export function problemSummaryLine(count: number): string {
  return `${count} problem${count > 1 ? 's' : ''} found; nothing was imported.`;
}

/** Validates every source before anything is written, for the CLI and the upload form alike: the documents, or the problems. */
export function checkImport(sources: ImportSource[]): { docs: AdvisoryDocument[]; problems: ImportProblem[] } {
  const docs: AdvisoryDocument[] = [];
  const problems: ImportProblem[] = [];
  for (const source of sources) {
    if (source.text === undefined) {
      problems.push({ source: source.name, problem: formatProblem('', 'unreadable', { detail: source.error ?? 'no content' }) });
      continue;
    }
    const parsed = parseAdvisoryFile(source.text);
    problems.push(...parsed.problems.map((problem) => ({ source: source.name, problem })));
    docs.push(...parsed.docs);
  }
  for (const id of duplicateIds(docs)) problems.push({ source: id, problem: formatProblem('', 'duplicateId') });
  return { docs, problems };
}
