import { AdvisoryReference } from '../advisories/advisory-format';
import { joinPlatformLabels } from '../advisories/advisory.view-model';
import { KnownIssue } from './known-issue.entity';
import { clip } from '../common/text/clip';
import { knownIssueAnchor, knownIssueEditPath, knownIssuePath } from '../paths';

/** What a known issue's view needs: an entity or a raw row shaped alike. */
export type KnownIssueLike = Pick<
  KnownIssue,
  | 'id'
  | 'title'
  | 'symptom'
  | 'status'
  | 'isOpen'
  | 'platforms'
  | 'software'
  | 'workaround'
  | 'resolution'
  | 'references'
  | 'evidenceCount'
  | 'updatedAt'
>;

/** A known issue shaped for pages: labels for platforms, KB references linked where the bulletin has the URL. */
export function issueView(
  issue: KnownIssueLike,
  advisory: { id: string; references: AdvisoryReference[] },
  platforms: { key: string; label: string }[],
  confirmations: number,
) {
  const labels = new Map(platforms.map((p) => [p.key, p.label]));
  const refUrl = new Map(advisory.references.filter((r) => r.url).map((r) => [r.label, r.url!]));
  return {
    id: issue.id,
    anchor: knownIssueAnchor(issue.id),
    url: knownIssuePath(advisory.id, issue.id),
    title: issue.title,
    symptom: issue.symptom,
    status: issue.status,
    statusKey: `knownIssue.status.${issue.status}`,
    isOpen: issue.isOpen,
    platforms: issue.platforms.length ? joinPlatformLabels(issue.platforms.map((k) => labels.get(k) ?? k)) : null,
    software: issue.software || null,
    workaround: issue.workaround || null,
    workaroundLine: issue.workaround ? firstLine(issue.workaround) : null,
    resolution: issue.resolution || null,
    references: issue.references.map((r) => (/^\d+$/.test(r) ? { label: `KB${r}`, url: refUrl.get(r) ?? null } : { label: r, url: r })),
    evidenceCount: issue.evidenceCount,
    confirmations,
    updatedAt: issue.updatedAt,
    editUrl: knownIssueEditPath(issue.id),
  };
}

function firstLine(text: string): string {
  const line = text.split('\n')[0].trim();
  return line.length > 120 ? `${clip(line, 119)}…` : line;
}
