"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.threadPath = exports.advisoryPath = void 0;
exports.joinPlatformLabels = joinPlatformLabels;
exports.advisoryPage = advisoryPage;
exports.advisoryRow = advisoryRow;
const advisory_format_1 = require("./advisory-format");
const advisoryPath = (id) => `/advisories/${encodeURIComponent(id)}`;
exports.advisoryPath = advisoryPath;
const threadPath = (id) => `${(0, exports.advisoryPath)(id)}/thread`;
exports.threadPath = threadPath;
function joinPlatformLabels(labels) {
    if (labels.length <= 1)
        return labels[0] ?? '';
    const words = labels.map((l) => l.split(' '));
    let common = 0;
    while (words.every((w) => w.length > common + 1 && w[common] === words[0][common]))
        common++;
    if (common === 0)
        return labels.join(' / ');
    return `${words[0].slice(0, common).join(' ')} ${words.map((w) => w.slice(common).join(' ')).join('/')}`;
}
function nullableFlag(value, yes, no) {
    if (value === null)
        return 'common.unknown';
    return value ? yes : no;
}
function advisoryPage(a, linkedAdvisories) {
    const platforms = a.platforms.getItems();
    const labelOf = new Map(platforms.map((p) => [p.key, p.label]));
    const labelsFor = (keys = []) => joinPlatformLabels(keys.map((k) => labelOf.get(k) ?? k));
    const refByLabel = new Map(a.references.map((r) => [r.label, r]));
    const products = [];
    for (const p of platforms) {
        const group = products.find((g) => g.product === p.product);
        if (group)
            group.platforms += `\u0000${p.label}`;
        else
            products.push({ product: p.product, platforms: p.label });
    }
    const packages = a.packages.map((pkg) => packageView(pkg, labelsFor(pkg.platforms)));
    return {
        id: a.id,
        kb: a.kb,
        title: a.title,
        officialTitle: a.officialTitle,
        registeredOn: a.registeredOn,
        updatedOn: a.updatedOn,
        isDraft: !a.isPublished,
        threadUrl: (0, exports.threadPath)(a.id),
        exportUrl: `${(0, exports.advisoryPath)(a.id)}.json`,
        severity: a.severity,
        severityKey: `severity.${a.severity}`,
        severityScale: advisory_format_1.SEVERITIES.map((level) => ({ level, key: `severity.${level}`, current: level === a.severity })),
        exploitKey: nullableFlag(a.exploitCodePublic, 'advisory.exploit.yes', 'advisory.exploit.no'),
        countermeasure: a.countermeasure,
        countermeasureKey: `countermeasure.${a.countermeasure}`,
        countermeasureDescriptionKey: `countermeasure.${a.countermeasure}.description`,
        countermeasureScale: advisory_format_1.COUNTERMEASURES.map((c) => ({ key: `countermeasure.${c}`, current: c === a.countermeasure, value: c })),
        rebootKey: nullableFlag(a.rebootRequired, 'advisory.reboot.yes', 'advisory.reboot.no'),
        uninstallKey: nullableFlag(a.uninstallable, 'advisory.uninstall.yes', 'advisory.uninstall.no'),
        targets: ['server', 'client'].map((t) => ({ key: `target.${t}`, current: a.targets.includes(t) })),
        vulnerabilityId: a.vulnerabilityId,
        references: a.references.map((r) => ({ ...r, kindKey: `reference.${r.kind}` })),
        related: a.relatedAdvisories.map((id) => ({ id, url: linkedAdvisories.has(id) ? (0, exports.advisoryPath)(id) : null })),
        summary: paragraphs(a.summary),
        vulnerabilities: a.vulnerabilities.map((v) => ({ name: v.name, detail: paragraphs(v.detail) })),
        products: products.map((g) => ({ product: g.product, platforms: joinPlatformLabels(g.platforms.split('\u0000')) })),
        labTestedOn: a.labTestedOn,
        editorNotes: a.editorNotes.map((n) => ({
            title: n.title,
            body: paragraphs(n.body),
            platforms: n.platforms?.length ? labelsFor(n.platforms) : null,
            references: (n.references ?? []).map((label) => refByLabel.get(label) ?? { label }),
        })),
        packages,
        downloads: packages.map((p) => ({ platforms: p.platformsLabel, updateTitle: p.updateTitle })),
        verifications: packages.filter((p) => p.verification).map((p) => ({ platforms: p.platformsLabel, text: p.verification })),
        deployHostCounts: advisory_format_1.DEPLOY_HOST_COUNTS,
        deployRows: packages.filter((p) => p.deployMinutes).map((p) => ({
            fileName: p.fileName,
            platforms: p.platformsLabel,
            minutes: advisory_format_1.DEPLOY_HOST_COUNTS.map((h) => p.deployMinutes?.[h] ?? null),
        })),
        updateExpert: packages.filter((p) => p.updateExpert).map((p) => ({ platforms: p.platformsLabel, lines: p.updateExpert.split(' / ') })),
    };
}
function packageView(pkg, platformsLabel) {
    return { ...pkg, platformsLabel, fileGroups: groupFiles(pkg.files) };
}
function groupFiles(files) {
    const branches = [];
    for (const f of files) {
        let b = branches.find((x) => x.branch === (f.branch ?? null));
        if (!b)
            branches.push((b = { branch: f.branch ?? null, folders: [] }));
        let folder = b.folders.find((x) => x.folder === f.folder);
        if (!folder)
            b.folders.push((folder = { folder: f.folder, files: [] }));
        folder.files.push(f);
    }
    return branches;
}
function paragraphs(text) {
    return text.split(/\n\s*\n|\r?\n/).map((p) => p.trim()).filter(Boolean);
}
function advisoryRow(a) {
    return {
        id: a.id,
        kb: a.kb,
        title: a.title,
        url: (0, exports.advisoryPath)(a.id),
        threadUrl: (0, exports.threadPath)(a.id),
        severity: a.severity,
        severityKey: `severity.${a.severity}`,
        countermeasure: a.countermeasure,
        countermeasureKey: `countermeasure.${a.countermeasure}`,
        registeredOn: a.registeredOn,
        updatedOn: a.updatedOn,
    };
}
//# sourceMappingURL=advisory.view-model.js.map