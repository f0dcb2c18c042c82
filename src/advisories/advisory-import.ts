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
