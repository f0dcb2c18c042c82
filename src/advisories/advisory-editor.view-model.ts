import { AuditEntry } from '../moderation/audit-entry.entity';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { Viewer } from '../policy/viewer';
import { Advisory } from './advisory.entity';
import { advisoryEditPath, advisoryPath, advisoryPreviewPath, advisoryPublishPath, advisoryUnpublishPath } from '../paths';

/** The editor's links and buttons for one advisory, as yes/no flags from the policy (STYLE rule 6); null for everyone else. */
export function editorLinks(a: Advisory, viewer: Viewer, policy: PolicyService) {
  if (!policy.can(viewer, Action.EditAdvisory, a)) return null;
  return {
    editUrl: advisoryEditPath(a.id),
    previewUrl: advisoryPreviewPath(a.id),
    canPublish: policy.can(viewer, Action.PublishAdvisory, a),
    publishUrl: advisoryPublishPath(a.id),
    canUnpublish: policy.can(viewer, Action.UnpublishAdvisory, a),
    unpublishUrl: advisoryUnpublishPath(a.id),
  };
}

/** One line of the editors' listing. */
export function editorRow(a: Advisory, last: AuditEntry | undefined, viewer: Viewer, policy: PolicyService) {
  return {
    id: a.id,
    title: a.title,
    kb: a.kb,
    updatedOn: a.updatedOn,
    severity: a.severity,
    severityKey: `severity.${a.severity}`,
    isPublished: a.isPublished,
    statusKey: a.isPublished ? 'editor.status.published' : 'editor.status.draft',
    publishedAt: a.publishedAt,
    url: advisoryPath(a.id),
    links: editorLinks(a, viewer, policy),
    last: last
      ? {
          actionKey: `editor.action.${last.action.replace(/^advisory\./, '')}`,
          actor: last.actorName,
          at: last.createdAt,
          reason: last.reason,
        }
      : null,
  };
}

/** The upload form's limits: one JSON file (or pasted text) of at most 1 MB. */
export const UPLOAD_LIMIT = 1024 * 1024;

/** The upload form, empty or again with what was pasted and why it was refused. */
export function importPage(extra: { error?: string; lines?: string[]; json?: string; publish?: boolean } = {}) {
  return {
    titleKey: 'editor.import.title',
    json: extra.json ?? '',
    publish: extra.publish ?? false,
    error: extra.error ?? null,
    lines: extra.lines ?? [],
    hasErrors: !!(extra.error || extra.lines?.length),
    maxKb: UPLOAD_LIMIT / 1024,
  };
}
