import { Locale, translate } from '../common/i18n/i18n';
import { LIMITS } from '../common/limits';
import { AdvisoryFormState, FieldProblem, FORM_CHOICES, ROW_LIMITS } from './advisory-form';

/** Shapes the editor form for the template: every input with its name, id, value and error (STYLE rule 8). */

type Kind = 'text' | 'date' | 'number' | 'textarea' | 'select' | 'radio' | 'checks';

export interface OptionView {
  value: string;
  label: string;
  checked: boolean;
  id: string;
}

export interface FieldView {
  kind: Kind;
  name: string;
  id: string;
  label: string;
  value: string;
  options?: OptionView[];
  error?: string;
  help?: string;
  maxlength?: number;
  size?: 'short' | 'medium' | 'long';
  rows?: number;
  code?: boolean;
  describedBy?: string;
}

export interface RowView {
  id: string;
  legend: string;
  removeLabel: string;
  removeName: string;
  removeId: string;
  fields: FieldView[];
  fieldsets: { legend: string; help?: string; fields: FieldView[] }[];
  groups: GroupView[];
  compact: boolean;
}

export interface GroupView {
  id: string;
  title: string;
  help?: string;
  addValue: string;
  addLabel: string;
  canAdd: boolean;
  rows: RowView[];
  error?: string;
  empty: string;
  nested: boolean;
}

export interface SectionView {
  id: string;
  title: string;
  fields: FieldView[];
  groups: GroupView[];
}

export interface ErrorSummaryItem {
  label: string;
  message: string;
  href: string;
}

export const fieldId = (name: string) => `f-${name.replace(/\./g, '-')}`;

/** Translated messages by field name; several problems on one field are joined. */
export function errorMessages(problems: FieldProblem[], locale: Locale): Record<string, string> {
  const out = new Map<string, string[]>();
  for (const p of problems) {
    const message = translate(locale, p.key, p.params);
    const list = out.get(p.field) ?? [];
    if (!list.includes(message)) list.push(message);
    out.set(p.field, list);
  }
  return Object.fromEntries([...out.entries()].map(([k, v]) => [k, v.join(' ')]));
}

const ROW_LABELS: Record<string, string> = {
  kb: 'editor.row.kb',
  relatedAdvisories: 'editor.row.related',
  labTestedOn: 'editor.row.labTested',
  references: 'editor.row.reference',
  vulnerabilities: 'editor.row.vulnerability',
  platforms: 'editor.row.platform',
  editorNotes: 'editor.row.note',
  packages: 'editor.row.package',
  files: 'editor.row.file',
};

/** "パッケージ 3 › ファイル 6 › サイズ": where a problem is, in the form's own words. */
export function fieldLabel(name: string, locale: Locale): string {
  const parts = name.split('.');
  const words: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const next = parts[i + 1];
    if (ROW_LABELS[part] && next !== undefined && /^\d+$/.test(next)) {
      words.push(translate(locale, ROW_LABELS[part], { n: Number(next) + 1 }));
      i++;
    } else if (part === 'deployMinutes' && next) {
      words.push(`${translate(locale, 'editor.field.deployMinutes')} ${translate(locale, 'advisory.hosts', { count: next })}`);
      i++;
    } else {
      words.push(translate(locale, `editor.field.${part}`));
    }
  }
  return words.join(' › ');
}

export function errorSummary(errors: Record<string, string>, locale: Locale): ErrorSummaryItem[] {
  return Object.entries(errors)
    .filter(([field]) => field !== 'form')
    .map(([field, message]) => ({ label: fieldLabel(field, locale), message, href: `#${fieldId(field)}` }));
}

/** The whole form: sections in the order the bulletin reads. */
export function formSections(state: AdvisoryFormState, errors: Record<string, string>, locale: Locale, isEdit: boolean): SectionView[] {
  const t = (key: string, params: Record<string, unknown> = {}) => translate(locale, key, params);
  const field = (kind: Kind, name: string, value: string, extra: Partial<FieldView> = {}): FieldView => {
    const last = name
      .split('.')
      .filter((p) => !/^\d+$/.test(p))
      .pop()!;
    const size = kind === 'date' ? 'short' : kind === 'select' ? 'medium' : undefined;
    const f: FieldView = { kind, name, id: fieldId(name), label: t(`editor.field.${last}`), value, error: errors[name], size, ...extra };
    const described = [f.help ? `${f.id}-help` : '', f.error ? `${f.id}-error` : ''].filter(Boolean).join(' ');
    if (described) f.describedBy = described;
    return f;
  };
  const choice = (name: string, value: string, options: { value: string; label: string }[]): OptionView[] =>
    options.map((o) => ({ ...o, checked: o.value === value, id: `${fieldId(name)}-${o.value}` }));
  const checks = (name: string, chosen: string[], options: { value: string; label: string }[]): OptionView[] => {
    // A ticked value the list no longer offers (a platform key renamed) stays visible, ticked, so it is not lost silently.
    const all = [...options, ...chosen.filter((c) => !options.some((o) => o.value === c)).map((c) => ({ value: c, label: c }))];
    return all.map((o, i) => ({ ...o, checked: chosen.includes(o.value), id: `${fieldId(name)}-${i}` }));
  };
  const triState = (name: string, value: string) =>
    field('radio', name, value, {
      options: choice(name, value || 'unknown', [
        { value: 'true', label: t(`editor.tri.${name}.true`) },
        { value: 'false', label: t(`editor.tri.${name}.false`) },
        { value: 'unknown', label: t('common.unknown') },
      ]),
    });

  const group = (name: string, rows: RowView[], extra: Partial<GroupView> = {}): GroupView => {
    const last = name.split('.').pop()!;
    const limit = ROW_LIMITS[last as keyof typeof ROW_LIMITS];
    return {
      id: fieldId(name),
      title: t(`editor.group.${last}`),
      addValue: name,
      addLabel: t(`editor.add.${last}`),
      canAdd: rows.length < limit,
      rows,
      error: errors[name],
      empty: t('editor.group.empty'),
      nested: name.includes('.'),
      ...extra,
    };
  };
  const row = (group: string, index: number, fields: FieldView[], extra: Partial<RowView> = {}): RowView => {
    const last = group.split('.').pop()!;
    const legend = t(ROW_LABELS[last], { n: index + 1 });
    return {
      id: `${fieldId(group)}-${index}-row`,
      legend,
      removeLabel: t('editor.removeRow', { row: legend }),
      removeName: `${group}.${index}._remove`,
      removeId: `${fieldId(group)}-${index}-remove`,
      fields,
      fieldsets: [],
      groups: [],
      compact: false,
      ...extra,
    };
  };
  const stringRows = (name: 'kb' | 'relatedAdvisories' | 'labTestedOn', values: string[], extra: Partial<FieldView>) =>
    group(
      name,
      values.map((v, i) =>
        row(name, i, [field('text', `${name}.${i}`, v, { label: t(ROW_LABELS[name], { n: i + 1 }), ...extra })], { compact: true }),
      ),
    );

  const platformOptions = unique(state.platforms.map((p) => p.key.trim()).filter(Boolean)).map((key) => {
    const p = state.platforms.find((x) => x.key.trim() === key)!;
    return { value: key, label: p.label.trim() ? `${p.label.trim()} (${key})` : key };
  });
  const referenceOptions = unique(state.references.map((r) => r.label.trim()).filter(Boolean)).map((label) => ({ value: label, label }));
  const severityOptions = [
    { value: '', label: t('editor.choose') },
    ...FORM_CHOICES.SEVERITIES.map((s) => ({ value: String(s), label: `${s} (${t(`severity.${s}`)})` })),
  ];
  const countermeasureOptions = [
    { value: '', label: t('editor.choose') },
    ...FORM_CHOICES.COUNTERMEASURES.map((c) => ({ value: c, label: t(`countermeasure.${c}`) })),
  ];
  const kindOptions = FORM_CHOICES.REFERENCE_KINDS.map((k) => ({ value: k, label: `${t(`reference.${k}`)} (${k})` }));

  const basics: SectionView = {
    id: 'basics',
    title: t('editor.section.basics'),
    fields: [
      ...(isEdit
        ? []
        : [field('text', 'id', state.id, { help: t('editor.help.id'), maxlength: LIMITS.advisoryId, size: 'short' as const, code: true })]),
      field('text', 'title', state.title, { maxlength: LIMITS.advisoryTitle, size: 'long' }),
      field('text', 'officialTitle', state.officialTitle, {
        maxlength: LIMITS.advisoryTitle,
        size: 'long',
        help: t('editor.help.optional'),
      }),
      field('date', 'registeredOn', state.registeredOn),
      field('date', 'updatedOn', state.updatedOn),
      field('text', 'vulnerabilityId', state.vulnerabilityId, {
        maxlength: LIMITS.vulnerabilityId,
        size: 'medium',
        help: t('editor.help.optional'),
      }),
    ],
    groups: [stringRows('kb', state.kb, { maxlength: LIMITS.kb, size: 'short', help: t('editor.help.kb'), code: true })],
  };

  const assessment: SectionView = {
    id: 'assessment',
    title: t('editor.section.assessment'),
    fields: [
      field('select', 'severity', state.severity, { options: choice('severity', state.severity, severityOptions) }),
      field('select', 'countermeasure', state.countermeasure, {
        options: choice('countermeasure', state.countermeasure, countermeasureOptions),
      }),
      triState('exploitCodePublic', state.exploitCodePublic),
      triState('rebootRequired', state.rebootRequired),
      triState('uninstallable', state.uninstallable),
      field('checks', 'targets', '', {
        options: checks(
          'targets',
          state.targets,
          FORM_CHOICES.TARGETS.map((x) => ({ value: x, label: t(`target.${x}`) })),
        ),
      }),
    ],
    groups: [],
  };

  const summary: SectionView = {
    id: 'summary',
    title: t('editor.section.summary'),
    fields: [field('textarea', 'summary', state.summary, { rows: 6, maxlength: LIMITS.advisoryText, help: t('editor.help.paragraphs') })],
    groups: [
      group(
        'vulnerabilities',
        state.vulnerabilities.map((v, i) =>
          row('vulnerabilities', i, [
            field('text', `vulnerabilities.${i}.name`, v.name, { maxlength: LIMITS.vulnerabilityName, size: 'long' }),
            field('textarea', `vulnerabilities.${i}.detail`, v.detail, { rows: 4, maxlength: LIMITS.advisoryText }),
          ]),
        ),
      ),
    ],
  };

  const references: SectionView = {
    id: 'references',
    title: t('editor.section.references'),
    fields: [],
    groups: [
      group(
        'references',
        state.references.map((r, i) =>
          row('references', i, [
            field('select', `references.${i}.kind`, r.kind, { options: choice(`references.${i}.kind`, r.kind, kindOptions) }),
            field('text', `references.${i}.label`, r.label, {
              maxlength: LIMITS.referenceLabel,
              size: 'medium',
              help: t('editor.help.referenceLabel'),
            }),
            field('text', `references.${i}.title`, r.title, {
              maxlength: LIMITS.referenceTitle,
              size: 'long',
              help: t('editor.help.optional'),
            }),
            field('text', `references.${i}.url`, r.url, {
              maxlength: LIMITS.referenceUrl,
              size: 'long',
              help: t('editor.help.optional'),
              code: true,
            }),
          ]),
        ),
      ),
      stringRows('relatedAdvisories', state.relatedAdvisories, { maxlength: LIMITS.advisoryId, size: 'short', code: true }),
    ],
  };

  const platforms: SectionView = {
    id: 'platforms',
    title: t('editor.section.platforms'),
    fields: [],
    groups: [
      group(
        'platforms',
        state.platforms.map((p, i) =>
          row('platforms', i, [
            field('text', `platforms.${i}.key`, p.key, {
              maxlength: LIMITS.platformKey,
              size: 'medium',
              help: t('editor.help.platformKey'),
              code: true,
            }),
            field('text', `platforms.${i}.label`, p.label, { maxlength: LIMITS.platformLabel, size: 'medium' }),
            field('text', `platforms.${i}.product`, p.product, { maxlength: LIMITS.platformProduct, size: 'medium' }),
          ]),
        ),
        { help: t('editor.help.platforms') },
      ),
      stringRows('labTestedOn', state.labTestedOn, { maxlength: LIMITS.labTestedOn, size: 'long' }),
    ],
  };

  const notes: SectionView = {
    id: 'notes',
    title: t('editor.section.notes'),
    fields: [],
    groups: [
      group(
        'editorNotes',
        state.editorNotes.map((n, i) =>
          row('editorNotes', i, [
            field('text', `editorNotes.${i}.title`, n.title, { maxlength: LIMITS.editorNoteTitle, size: 'long' }),
            field('textarea', `editorNotes.${i}.body`, n.body, {
              rows: 4,
              maxlength: LIMITS.advisoryText,
              help: t('editor.help.noteBody'),
            }),
            field('checks', `editorNotes.${i}.platforms`, '', {
              options: checks(`editorNotes.${i}.platforms`, n.platforms, platformOptions),
              help: t('editor.help.optional'),
            }),
            field('checks', `editorNotes.${i}.references`, '', {
              options: checks(`editorNotes.${i}.references`, n.references, referenceOptions),
              help: t('editor.help.noteReferences'),
            }),
          ]),
        ),
      ),
    ],
  };

  const packages: SectionView = {
    id: 'packages',
    title: t('editor.section.packages'),
    fields: [],
    groups: [
      group(
        'packages',
        state.packages.map((p, i) => {
          const base = `packages.${i}`;
          return row(
            'packages',
            i,
            [
              field('checks', `${base}.platforms`, '', {
                options: checks(`${base}.platforms`, p.platforms, platformOptions),
                help: t('editor.help.packagePlatforms'),
              }),
              field('text', `${base}.fileName`, p.fileName, { maxlength: LIMITS.fileName, size: 'long', code: true }),
              field('date', `${base}.date`, p.date),
              field('text', `${base}.version`, p.version, { maxlength: LIMITS.fileVersion, size: 'short' }),
              field('number', `${base}.size`, p.size, { size: 'short', help: t('editor.help.bytes') }),
              field('text', `${base}.updateTitle`, p.updateTitle, {
                maxlength: LIMITS.packageNote,
                size: 'long',
                help: t('editor.help.optional'),
              }),
              field('textarea', `${base}.filesNote`, p.filesNote, {
                rows: 2,
                maxlength: LIMITS.packageNote,
                help: t('editor.help.optional'),
              }),
              field('textarea', `${base}.verification`, p.verification, {
                rows: 2,
                maxlength: LIMITS.packageNote,
                help: t('editor.help.optional'),
                code: true,
              }),
              field('text', `${base}.updateExpert`, p.updateExpert, {
                maxlength: LIMITS.packageNote,
                size: 'long',
                help: t('editor.help.updateExpert'),
              }),
            ],
            {
              fieldsets: [
                {
                  legend: t('editor.field.deployMinutes'),
                  help: t('editor.help.deployMinutes'),
                  fields: FORM_CHOICES.DEPLOY_HOST_COUNTS.map((h) =>
                    field('number', `${base}.deployMinutes.${h}`, p.deployMinutes[h], {
                      label: t('advisory.hosts', { count: h }),
                      size: 'short',
                    }),
                  ),
                },
              ],
              groups: [
                group(
                  `${base}.files`,
                  p.files.map((f, j) =>
                    row(
                      `${base}.files`,
                      j,
                      [
                        field('text', `${base}.files.${j}.name`, f.name, { maxlength: LIMITS.fileName, size: 'medium', code: true }),
                        field('text', `${base}.files.${j}.folder`, f.folder, { maxlength: LIMITS.fileFolder, size: 'medium', code: true }),
                        field('text', `${base}.files.${j}.version`, f.version, { maxlength: LIMITS.fileVersion, size: 'short' }),
                        field('date', `${base}.files.${j}.date`, f.date),
                        field('number', `${base}.files.${j}.size`, f.size, { size: 'short' }),
                        field('text', `${base}.files.${j}.description`, f.description, { maxlength: LIMITS.fileDescription, size: 'long' }),
                        field('text', `${base}.files.${j}.branch`, f.branch, {
                          maxlength: LIMITS.fileBranch,
                          size: 'short',
                          help: t('editor.help.optional'),
                        }),
                        field('text', `${base}.files.${j}.sameAs`, f.sameAs, {
                          maxlength: LIMITS.advisoryId,
                          size: 'short',
                          help: t('editor.help.sameAs'),
                          code: true,
                        }),
                      ],
                      { compact: false },
                    ),
                  ),
                  { help: t('editor.help.files') },
                ),
              ],
            },
          );
        }),
      ),
    ],
  };

  return [basics, assessment, summary, references, platforms, notes, packages];
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}
