const KB = /^(?:KB)?(\d{5,7})$/i;
const MAX_REFERENCES = 20;

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && s.length <= 500;
  } catch {
    return false;
  }
}

/** The references typed one a line: KB numbers (digits only) and http(s) URLs, each once; null when a line is neither or there are too many. */
export function readReferences(text: string): string[] | null {
  const references: string[] = [];
  for (const line of text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)) {
    const kb = KB.exec(line.normalize('NFKC'));
    if (kb) references.push(kb[1]);
    else if (isHttpUrl(line)) references.push(line);
    else return null;
  }
  return references.length > MAX_REFERENCES ? null : [...new Set(references)];
}
