import { absoluteCitations } from '../citations/citations';
import { formatMinutes, formatNumber, translate } from '../common/i18n/i18n';
import { DEPLOY_HOST_COUNTS } from './advisory-format';
import { Advisory } from './advisory.entity';
import { advisoryPage, paragraphs } from './advisory.view-model';

export interface KnownIssueLine {
  title: string;
  statusKey: string;
  platforms: string | null;
  workaroundLine: string | null;
  url: string;
}

/** The verdict per platform, worded, and where verdicts are explained. */
export interface BulletinVerdicts {
  lines: { platform: string; verdict: string; reason: string }[];
  helpUrl: string;
}

export interface BulletinChanges {
  since: string;
  created: KnownIssueLine[];
  statusChanges: { title: string; fromKey: string | null; toKey: string; at: Date; note: string }[];
}

const t = (key: string, params?: Record<string, unknown>) => translate('ja', key, params);
const date = (iso: string) => iso.replaceAll('-', '/');
const rule = (title: string) => `‥‥‥ ${title} ‥‥‥`;

/**
 * The mail-ready bulletin in the layout of the HotFix Alert text: headline facts, summary, platforms,
 * notes, packages, then the thread address and the known-issue summary. With changes, an update bulletin.
 */
export function bulletinText(
  a: Advisory,
  baseUrl: string,
  threadUrl: string,
  issues: { open: KnownIssueLine[]; resolved: KnownIssueLine[] },
  changes: BulletinChanges | null,
  verdicts: BulletinVerdicts | null = null,
): string {
  const v = advisoryPage(a, new Set());
  const out: string[] = [];
  out.push(
    `HotFix Alert: ${a.id}${a.kb.length ? ` (${a.kb.map((k) => `KB${k}`).join(', ')})` : ''}${changes ? ` ${t('bulletin.update')}` : ''}`,
  );
  out.push(`【${t('advisory.registeredOn')}】${date(a.registeredOn)}`, `【${t('advisory.updatedOn')}】${date(a.updatedOn)}`, '');
  out.push(`HFR BBS会議室: ${threadUrl}`, '');

  if (changes) {
    out.push(rule(t('bulletin.changesSince', { date: date(changes.since) })));
    if (!changes.created.length && !changes.statusChanges.length) out.push(t('bulletin.noChanges'));
    for (const i of changes.created)
      out.push(`${t('bulletin.newIssue')} [${t(i.statusKey)}] ${i.title}${i.platforms ? ` (${i.platforms})` : ''}`, `  ${i.url}`);
    for (const c of changes.statusChanges)
      out.push(
        `${t('bulletin.statusChange')} ${c.title}: ${c.fromKey ? `${t(c.fromKey)} → ` : ''}${t(c.toKey)} (${c.at.toISOString().slice(0, 10).replaceAll('-', '/')}) ${c.note}`,
      );
    out.push('');
  }

  out.push(a.title);
  if (a.officialTitle) out.push(`(${a.officialTitle})`);
  out.push('');
  out.push(`${t('advisory.severity')}: ${a.severity}(${t(`severity.${a.severity}`)})`);
  out.push(`${t('advisory.exploit')}: ${t(v.exploitKey)}`);
  out.push(`${t('advisory.countermeasure')}: ${t(v.countermeasureKey)}`);
  out.push(`${t('advisory.reboot')}: ${t(v.rebootKey)}`);
  out.push(`${t('advisory.uninstall')}: ${t(v.uninstallKey)}`);
  out.push(`${t('advisory.targets')}: ${a.targets.map((x) => t(`target.${x}`)).join(' / ')}`);
  if (a.vulnerabilityId) out.push(`${t('advisory.vulnerabilityId')}: ${a.vulnerabilityId}`);
  for (const r of a.references)
    out.push(`${t(`reference.${r.kind}`)}: ${r.label}${r.title ? ` (${r.title})` : ''}${r.url ? ` ${r.url}` : ''}`);
  if (a.relatedAdvisories.length) out.push(`${t('advisory.related')}: ${a.relatedAdvisories.join(', ')}`);
  out.push('', `${t('advisory.urgency')}: ${t(v.countermeasureDescriptionKey)}`, '');

  out.push(`■${t('advisory.summary')}`, ...v.summary, '');
  for (const x of v.vulnerabilities) out.push(`■${x.name}`, ...x.detail, '');
  out.push(`■${t('advisory.platforms')}`, ...v.products.map((p) => `${p.product}: ${p.platforms}`), '');

  out.push(rule(t('advisory.lab')));
  if (v.labTestedOn.length) out.push(`■${t('advisory.labTested')}`, ...v.labTestedOn, '');
  for (const [i, n] of v.editorNotes.entries()) {
    // Cited posts and known issues as absolute addresses: a mail reader cannot follow a relative one.
    out.push(`■${n.title}`, ...paragraphs(absoluteCitations(a.editorNotes[i].body, baseUrl)));
    for (const r of n.references)
      out.push(
        `・${t('reference.kb')} ${r.label}${'title' in r && r.title ? `(${r.title})` : ''}${'url' in r && r.url ? `: ${r.url}` : ''}`,
      );
    out.push('');
  }

  if (v.packages.length) {
    out.push(rule(t('advisory.downloads')), ...v.downloads.map((d) => `${d.platforms}: ${d.updateTitle ?? '—'}`), '');
    out.push(rule(t('advisory.files')));
    for (const p of v.packages) {
      out.push(`${p.platformsLabel}:`, `  ${p.fileName} ${date(p.date)} ${p.version} ${formatNumber('ja', p.size)}`);
      for (const g of p.fileGroups) {
        if (g.branch) out.push(`  ${t('file.branch')} (${g.branch})`);
        for (const f of g.folders) {
          out.push(`  ${f.folder}`);
          for (const file of f.files)
            out.push(
              `    ${file.name} ${date(file.date)} ${file.version} ${formatNumber('ja', file.size)}${file.description ? ` ${file.description}` : ''}`,
            );
        }
      }
      if (p.filesNote) out.push(`  ${p.filesNote}`);
      out.push('');
    }
  }
  if (v.verifications.length)
    out.push(rule(t('advisory.verification')), ...v.verifications.flatMap((x) => [`・${x.platforms}:`, x.text!]), '');
  if (v.deployRows.length) {
    out.push(
      `■${t('advisory.deployTime')}`,
      `${t('advisory.package')} ${DEPLOY_HOST_COUNTS.map((h) => t('advisory.hosts', { count: h })).join(' ')}`,
    );
    for (const r of v.deployRows)
      out.push(`${r.fileName} (${r.platforms}) ${r.minutes.map((m) => (m ? formatMinutes('ja', m) : '—')).join(' ')}`);
    out.push('');
  }
  if (v.updateExpert.length)
    out.push(`■${t('advisory.updateExpert')}`, ...v.updateExpert.flatMap((u) => [`・${u.platforms}:`, ...u.lines]), '');

  if (verdicts?.lines.length) {
    out.push(rule(t('verdicts.title')));
    for (const v of verdicts.lines) out.push(`${v.platform}: [${v.verdict}] ${v.reason}`);
    out.push(`${t('verdicts.how')}: ${verdicts.helpUrl}`, '');
  }

  out.push(rule(t('knownIssues.summary')));
  if (!issues.open.length) out.push(t('knownIssues.noneOpen'));
  for (const i of issues.open) {
    out.push(`[${t(i.statusKey)}] ${i.title}${i.platforms ? ` (${i.platforms})` : ''}`);
    if (i.workaroundLine) out.push(`  ${t('knownIssue.workaround')}: ${i.workaroundLine}`);
    out.push(`  ${i.url}`);
  }
  for (const i of issues.resolved) out.push(`[${t(i.statusKey)}] ${i.title}`);
  out.push('', `HFR BBS会議室: ${threadUrl}`, '');
  return out.join('\n');
}
