"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.knownIssuesPath = void 0;
exports.issueView = issueView;
const advisory_view_model_1 = require("../advisories/advisory.view-model");
const advisory_view_model_2 = require("../advisories/advisory.view-model");
const knownIssuesPath = (advisoryId) => `${(0, advisory_view_model_1.advisoryPath)(advisoryId)}/known-issues`;
exports.knownIssuesPath = knownIssuesPath;
function issueView(issue, advisory, platforms, confirmations) {
    const labels = new Map(platforms.map((p) => [p.key, p.label]));
    const refUrl = new Map(advisory.references.filter((r) => r.url).map((r) => [r.label, r.url]));
    return {
        id: issue.id,
        anchor: `ki${issue.id}`,
        url: `${(0, exports.knownIssuesPath)(advisory.id)}#ki${issue.id}`,
        title: issue.title,
        symptom: issue.symptom,
        status: issue.status,
        statusKey: `knownIssue.status.${issue.status}`,
        isOpen: issue.isOpen,
        platforms: issue.platforms.length ? (0, advisory_view_model_2.joinPlatformLabels)(issue.platforms.map((k) => labels.get(k) ?? k)) : null,
        software: issue.software || null,
        workaround: issue.workaround || null,
        workaroundLine: issue.workaround ? firstLine(issue.workaround) : null,
        resolution: issue.resolution || null,
        references: issue.references.map((r) => (/^\d+$/.test(r) ? { label: `KB${r}`, url: refUrl.get(r) ?? null } : { label: r, url: r })),
        evidenceCount: issue.evidenceCount,
        confirmations,
        updatedAt: issue.updatedAt,
        editUrl: `/known-issues/${issue.id}/edit`,
    };
}
function firstLine(text) {
    const line = text.split('\n')[0].trim();
    return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}
//# sourceMappingURL=known-issue.view-model.js.map