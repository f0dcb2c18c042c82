const BASE = 'http://board.invalid';

/**
 * Where to go after signing in: only a path on this site. Anything that a browser could read as
 * another host (//evil, /\evil, https:evil, or those hidden behind percent-encoding or dot segments)
 * gives the fallback. The value returned is the one checked.
 */
export function safeNextPath(raw: unknown, fallback = '/'): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2000 || !staysHere(raw)) return fallback;
  const resolved = new URL(raw, BASE);
  if (resolved.origin !== BASE) return fallback;
  const path = resolved.pathname + resolved.search + resolved.hash;
  // Normalizing "/.//evil" or "/%2e%2e//evil" gives "//evil": check what is returned, and that it means itself.
  return staysHere(path) && new URL(path, BASE).href === resolved.href ? path : fallback;
}

/** A path that stays on this host as written and once every percent-encoding is undone. */
function staysHere(path: string): boolean {
  const decoded = decodedFully(path);
  if (decoded === null) return false;
  for (const candidate of [path, decoded]) {
    if (!candidate.startsWith('/') || candidate.startsWith('//') || candidate.startsWith('/\\')) return false;
    if (/[\u0000-\u001f\u007f\\]/.test(candidate)) return false;
  }
  return true;
}

function decodedFully(text: string): string | null {
  let decoded = text;
  try {
    for (let i = 0; i < 4; i++) {
      const once = decodeURIComponent(decoded);
      if (once === decoded) return decoded;
      decoded = once;
    }
  } catch {
    return null;
  }
  // Still encoded after four rounds: nobody links like that.
  return null;
}
