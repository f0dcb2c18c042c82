/**
 * What a page's `{{#shared "name"}}` blocks get (the view model's `shared`, filled by src/page-cache/shared-parts.ts):
 * the parts already rendered at the page's validator, and where to keep a part rendered now. `token` stands in for the
 * viewer's CSRF token inside a part.
 */
export interface SharedParts {
  readonly token: string;
  /** A stored part cut at the stand-ins for the token: joined with the viewer's own. */
  readonly stored: Partial<Record<string, string[]>>;
  keep(name: string, html: string): void;
}
