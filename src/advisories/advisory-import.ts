import { AdvisoryDocument, FormatProblem, validateAdvisory } from './advisory-format';

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
    return { docs: [], problems: [{ path: '(file)', message: `is not valid JSON: ${(err as Error).message}` }] };
  }
  const items = Array.isArray(data) ? data : [data];
  if (items.length === 0) return { docs: [], problems: [{ path: '(file)', message: 'holds an empty array: no advisory to import' }] };
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

/** "file: path: message": one problem as the CLI prints it and the upload form lists it. */
export function problemLine(source: string, p: FormatProblem): string {
  return `${source}: ${p.path}: ${p.message}`;
}

/** The closing line when anything was wrong. */
export function problemSummaryLine(count: number): string {
  return `${count} problem${count > 1 ? 's' : ''} found; nothing was imported.`;
}

/**
 * Validates every source before anything is written, for the CLI and the upload form alike:
 * the documents, or the problems as lines in the CLI's words.
 */
export function checkImport(sources: ImportSource[]): { docs: AdvisoryDocument[]; lines: string[] } {
  const docs: AdvisoryDocument[] = [];
  const lines: string[] = [];
  for (const source of sources) {
    if (source.text === undefined) {
      lines.push(`${source.name}: cannot be read (${source.error ?? 'no content'})`);
      continue;
    }
    const parsed = parseAdvisoryFile(source.text);
    lines.push(...parsed.problems.map((p) => problemLine(source.name, p)));
    docs.push(...parsed.docs);
  }
  for (const id of duplicateIds(docs)) lines.push(`${id}: appears more than once in this import`);
  return { docs, lines };
}
