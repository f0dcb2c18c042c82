/**
 * What a page's `{{#shared "name"}}` blocks get (the view model's `shared`, filled by src/page-cache/shared-parts.ts):
 * the parts already rendered at the page's validator, and where to keep a part rendered now. `token` stands in for the
 * viewer's CSRF token inside a part, and `mark` surrounds each place an `{{#own}}` part goes: a part's own parts are
 * kept, all together and separated by `mark`, as the part `name.own`.
 */
export interface SharedParts {
  readonly token: string;
  readonly mark: string;
  /** Parts as stored, with their stand-ins. */
  readonly stored: Partial<Record<string, string>>;
  keep(name: string, html: string): void;
}
