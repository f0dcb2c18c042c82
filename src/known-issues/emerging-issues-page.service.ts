import { Injectable, NotFoundException } from '@nestjs/common';
import { FieldErrors } from '../common/forms/form-invalid.exception';
import { FormPage } from '../common/forms/show-form-again';
import { rowDate } from '../database/sql';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { Viewer } from '../policy/viewer';
import { EmergingIssuesService } from './emerging-issues.service';
import { GroupReportRow } from './emerging-issues.repository';
import { MIN_MEMBERS, MIN_REPORTS } from './emerging-rules';
import {
  advisoryPath,
  emergingAnchor,
  emergingDismissPath,
  emergingPromotePath,
  EMERGING_PATH,
  MOD_QUEUE_PATH,
  postPath,
  userPath,
} from '../paths';

/** A refused promote or dismiss: which group's form, what was typed and why. */
export interface RefusedAction {
  groupId: number;
  reason: string;
  errors: FieldErrors;
}

/** A symptom on the page: its first lines, enough to recognise it. */
const EXCERPT_CHARS = 240;

/** /mod/emerging: the groups of alike problem reports, read from the stored groups (never regrouped at view). */
@Injectable()
export class EmergingIssuesPageService {
  constructor(
    private readonly emerging: EmergingIssuesService,
    private readonly policy: PolicyService,
  ) {}

  async page(viewer: Viewer, refused: RefusedAction | null = null) {
    this.policy.ensure(viewer, Action.ReviewEmergingIssues);
    const { groups, reports } = await this.emerging.shown();
    return {
      titleKey: 'emerging.title',
      queueUrl: MOD_QUEUE_PATH,
      minReports: MIN_REPORTS,
      minMembers: MIN_MEMBERS,
      groups: groups.map((g) => {
        const id = Number(g.id);
        const mine = reports.filter((r) => Number(r.group_id) === id);
        const error = refused?.groupId === id ? Object.values(refused.errors)[0] : undefined;
        return {
          id,
          anchor: emergingAnchor(id),
          advisory: { id: g.advisory_id, url: advisoryPath(g.advisory_id) },
          reports: Number(g.reports),
          members: Number(g.members),
          hosts: Number(g.hosts),
          firstSeen: rowDate(g.first_seen),
          lastSeen: rowDate(g.last_seen),
          memberNames: [...new Set(mine.map((r) => r.username))].map((name) => ({ name, url: userPath(name) })),
          platforms: distinct(mine.map(platformOf)),
          software: distinct(mine.map((r) => r.software.trim())),
          items: mine.map((r) => reportView(g.advisory_id, r)),
          promoteUrl: emergingPromotePath(id),
          dismissUrl: emergingDismissPath(id),
          reason: refused?.groupId === id ? refused.reason : '',
          error,
        };
      }),
      action: EMERGING_PATH,
      // Said at the top too: a group that is no longer shown (dismissed meanwhile) has no form to say it beside.
      errorKey: refused ? (Object.values(refused.errors)[0] ?? 'form.invalid') : null,
    };
  }

  /** The page again with the refused form's text and reason: 403 for who may not act, 404 for no such group. */
  async refused(viewer: Viewer, groupId: number, reason: string, errors: FieldErrors): Promise<FormPage> {
    this.policy.ensure(viewer, Action.ReviewEmergingIssues);
    if (!(await this.emerging.group(groupId))) throw new NotFoundException();
    return { view: 'known-issues/emerging', model: { ...(await this.page(viewer, { groupId, reason, errors })), hasErrors: true } };
  }
}

/** A platform's label, or "other:" and the name the member gave (the view says "Other"). */
function platformOf(r: GroupReportRow): string {
  return r.platform_label ?? (r.platform_other ? r.platform_other : '');
}

function distinct(values: string[]): string[] {
  return [...new Set(values.filter(Boolean))];
}

function reportView(advisoryId: string, r: GroupReportRow) {
  return {
    number: Number(r.number),
    url: postPath(advisoryId, Number(r.number)),
    author: r.username,
    authorUrl: userPath(r.username),
    outcomeKey: `outcome.${r.outcome}`,
    hosts: Number(r.hosts),
    platform: platformOf(r),
    software: r.software,
    excerpt: r.symptom.length > EXCERPT_CHARS ? `${[...r.symptom].slice(0, EXCERPT_CHARS - 1).join('')}…` : r.symptom,
    at: rowDate(r.reported_at),
  };
}
