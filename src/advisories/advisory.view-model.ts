import type { SegmentView } from '../citations/citations.service';
import { COUNTERMEASURES, DEPLOY_HOST_COUNTS, PackageDoc, PatchedFile, SEVERITIES } from './advisory-format';
import { Advisory } from './advisory.entity';
import { advisoryExportPath, advisoryPath, noteAnchor, threadPath } from '../paths';

/** "Windows XP SP1", "Windows XP SP2" → "Windows XP SP1/SP2", the way the bulletin names platform groups. */
export function joinPlatformLabels(labels: string[]): string {
  if (labels.length <= 1) return labels[0] ?? '';
  const words = labels.map((l) => l.split(' '));
  let common = 0;
  while (words.every((w) => w.length > common + 1 && w[common] === words[0][common])) common++;
  if (common === 0) return labels.join(' / ');
  return `${words[0].slice(0, common).join(' ')} ${words.map((w) => w.slice(common).join(' ')).join('/')}`;
}

function nullableFlag(value: boolean | null, yes: string, no: string): string {
  if (value === null) return 'common.unknown';
  return value ? yes : no;
}

/**
 * Everything the bulletin page shows, shaped for the template (STYLE rule 8). `noteBodies` are the notes'
 * paragraphs with their citations resolved for the reader; without them, each paragraph is plain text.
 */
export function advisoryPage(a: Advisory, linkedAdvisories: Set<string>, noteBodies?: SegmentView[][][]) {
  const platforms = a.platforms.getItems();
  const labelOf = new Map(platforms.map((p) => [p.key, p.label]));
  const labelsFor = (keys: string[] = []) => joinPlatformLabels(keys.map((k) => labelOf.get(k) ?? k));
  const refByLabel = new Map(a.references.map((r) => [r.label, r]));

  const products: { product: string; platforms: string }[] = [];
  for (const p of platforms) {
    const group = products.find((g) => g.product === p.product);
    if (group) group.platforms += `\u0000${p.label}`;
    else products.push({ product: p.product, platforms: p.label });
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
    threadUrl: threadPath(a.id),
    exportUrl: advisoryExportPath(a.id),
    severity: a.severity,
    severityKey: `severity.${a.severity}`,
    severityScale: SEVERITIES.map((level) => ({ level, key: `severity.${level}`, current: level === a.severity })),
    exploitKey: nullableFlag(a.exploitCodePublic, 'advisory.exploit.yes', 'advisory.exploit.no'),
    countermeasure: a.countermeasure,
    countermeasureKey: `countermeasure.${a.countermeasure}`,
    countermeasureDescriptionKey: `countermeasure.${a.countermeasure}.description`,
    countermeasureScale: COUNTERMEASURES.map((c) => ({ key: `countermeasure.${c}`, current: c === a.countermeasure, value: c })),
    rebootKey: nullableFlag(a.rebootRequired, 'advisory.reboot.yes', 'advisory.reboot.no'),
    uninstallKey: nullableFlag(a.uninstallable, 'advisory.uninstall.yes', 'advisory.uninstall.no'),
    targets: (['server', 'client'] as const).map((t) => ({ key: `target.${t}`, current: a.targets.includes(t) })),
    vulnerabilityId: a.vulnerabilityId,
    references: a.references.map((r) => ({ ...r, kindKey: `reference.${r.kind}` })),
    related: a.relatedAdvisories.map((id) => ({ id, url: linkedAdvisories.has(id) ? advisoryPath(id) : null })),
    summary: paragraphs(a.summary),
    vulnerabilities: a.vulnerabilities.map((v) => ({ name: v.name, detail: paragraphs(v.detail) })),
    products: products.map((g) => ({ product: g.product, platforms: joinPlatformLabels(g.platforms.split('\u0000')) })),
    labTestedOn: a.labTestedOn,
    editorNotes: a.editorNotes.map((n, i) => ({
      anchor: noteAnchor(i),
      title: n.title,
      body: noteBodies?.[i] ?? paragraphs(n.body).map((text): SegmentView[] => [{ text }]),
      platforms: n.platforms?.length ? labelsFor(n.platforms) : null,
      references: (n.references ?? []).map((label) => refByLabel.get(label) ?? { label }),
    })),
    packages,
    downloads: packages.map((p) => ({ platforms: p.platformsLabel, updateTitle: p.updateTitle })),
    verifications: packages.filter((p) => p.verification).map((p) => ({ platforms: p.platformsLabel, text: p.verification })),
    deployHostCounts: DEPLOY_HOST_COUNTS,
    deployRows: packages
      .filter((p) => p.deployMinutes)
      .map((p) => ({
        fileName: p.fileName,
        platforms: p.platformsLabel,
        minutes: DEPLOY_HOST_COUNTS.map((h) => p.deployMinutes?.[h] ?? null),
      })),
    updateExpert: packages.filter((p) => p.updateExpert).map((p) => ({ platforms: p.platformsLabel, lines: p.updateExpert!.split(' / ') })),
  };
}

function packageView(pkg: PackageDoc, platformsLabel: string) {
  return { ...pkg, platformsLabel, fileGroups: groupFiles(pkg.files) };
}

/** Files grouped as the bulletin prints them: by branch (展開フォルダ (sp1qfe)), then by folder. */
function groupFiles(files: PatchedFile[]) {
  const branches: { branch: string | null; folders: { folder: string; files: PatchedFile[] }[] }[] = [];
  for (const f of files) {
    let b = branches.find((x) => x.branch === (f.branch ?? null));
    if (!b) branches.push((b = { branch: f.branch ?? null, folders: [] }));
    let folder = b.folders.find((x) => x.folder === f.folder);
    if (!folder) b.folders.push((folder = { folder: f.folder, files: [] }));
    folder.files.push(f);
  }
  return branches;
}

/** Plain text with blank-line or line-break paragraphs, escaped by the template. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n|\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

export function advisoryRow(a: Advisory) {
  return {
    id: a.id,
    kb: a.kb,
    title: a.title,
    url: advisoryPath(a.id),
    threadUrl: threadPath(a.id),
    severity: a.severity,
    severityKey: `severity.${a.severity}`,
    countermeasure: a.countermeasure,
    countermeasureKey: `countermeasure.${a.countermeasure}`,
    registeredOn: a.registeredOn,
    updatedOn: a.updatedOn,
  };
}
