import { Post } from '../threads/post.entity';
import { Injectable, NotFoundException } from '@nestjs/common';
import { normalizeAdvisoryId } from '../advisories/advisory-format';
import { FieldErrors } from '../common/forms/form-invalid.exception';
import { FormPage, refusal } from '../common/forms/show-form-again';
import { rowId } from '../common/http/row-id';
import { LIMITS } from '../common/limits';
import { clip } from '../common/text/clip';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { Viewer } from '../policy/viewer';
import { Thread } from '../threads/thread.entity';
import { UsersService } from '../users/users.service';
import { FLAG_REASONS } from './flag.entity';
import { ModerationService } from './moderation.service';
import { AUDIT_ACTIONS, auditAction, auditActionKey } from './audit-actions';
import { logEntryView } from './audit-log.view-model';
import { Locale, translate } from '../common/i18n/i18n';
import { auditLogPath, flagPath, permalinkPath, postPath } from '../paths';

const LOG_PAGE = 100;

/** The moderators' pages (the queue, the audit log), the page after a flag, and why a moderator's form was refused. */
@Injectable()
export class ModerationPageService {
  constructor(
    private readonly moderation: ModerationService,
    private readonly policy: PolicyService,
    private readonly users: UsersService,
  ) {}

  /** The flag form: the post as its thread shows it, the reasons, a note; or, once flagged, that it was. */
  async flagForm(id: number, viewer: Viewer) {
    return this.flagPage(await this.moderation.flaggable(viewer, id), viewer, {});
  }

  /** The flag form again with the reason and note as sent and why, once the viewer may flag the post. */
  async flagRefused(id: number, viewer: Viewer, typed: Record<string, string>, errors: FieldErrors): Promise<FormPage> {
    const page = await this.flagPage(await this.moderation.flaggable(viewer, id), viewer, typed);
    return { view: 'moderation/flag', model: { ...page, errors, hasErrors: true } };
  }

  private async flagPage(post: Post, viewer: Viewer, typed: Record<string, string>) {
    return {
      titleKey: 'flag.title',
      target: {
        number: post.number,
        author: post.author.getEntity().username,
        bodyHtml: post.bodyHtml,
        url: postPath(post.thread.getEntity().advisory.id, post.number),
      },
      action: flagPath(post.id),
      already: await this.moderation.hasFlagged(post.id, viewer.id!),
      reasons: FLAG_REASONS.map((r) => ({ value: r, key: `flag.reason.${r}`, checked: typed.reason === r })),
      note: typed.note ?? '',
    };
  }

  /** After a flag: thanks, and the way back to the post; only for a post the viewer has flagged. */
  async flagged(id: number, viewer: Viewer) {
    if (viewer.isGuest || !(await this.moderation.hasFlagged(id, viewer.id!))) throw new NotFoundException();
    return { titleKey: 'flag.thanks', backUrl: permalinkPath(id) };
  }

  async queue(viewer: Viewer) {
    this.policy.ensure(viewer, Action.ModerateQueue);
    const { flagged, held } = await this.moderation.queue();
    return {
      titleKey: 'mod.title',
      flagged: flagged.map(({ post, flags }) => ({
        ...queuedPost(post),
        stateKey: `post.state.${post.state}`,
        since: flags[0].createdAt,
        count: flags.length,
        reasons: FLAG_REASONS.map((r) => ({ key: `flag.reason.${r}`, count: flags.filter((f) => f.reason === r).length })).filter(
          (r) => r.count > 0,
        ),
        notes: flags.filter((f) => f.note).map((f) => ({ user: f.user.getEntity().username, note: f.note })),
        deferred: flags.every((f) => f.state === 'deferred'),
      })),
      held: held.map((post) => ({ ...queuedPost(post), createdAt: post.createdAt })),
    };
  }

  /** The audit log: append-only, newest first, filterable by actor, action (one of the known ones) and advisory. */
  async log(query: Record<string, unknown>, viewer: Viewer, locale: Locale) {
    this.policy.ensure(viewer, Action.ViewAuditLog);
    const str = (k: string) => (typeof query[k] === 'string' ? clip(query[k].trim(), LIMITS.logFilter) : '');
    const advisory = normalizeAdvisoryId(str('advisory'));
    // A code the log has never written is set aside with a notice, the other filters applied.
    const action = str('action') ? auditAction(str('action')) : null;
    const filter = {
      actorName: str('actor'),
      action: action ?? undefined,
      advisoryId: advisory ?? undefined,
      beforeId: rowId(str('before')) ?? undefined,
    };
    // An advisory filter that is no advisory id matches nothing (not everything).
    const rows = str('advisory') && !advisory ? [] : await this.moderation.auditLog(filter, LOG_PAGE);
    const items = rows.slice(0, LOG_PAGE);
    const chosen = { actor: str('actor'), action: action ?? '', advisory: advisory ?? '' };
    return {
      titleKey: 'mod.log.title',
      filters: { actor: str('actor'), advisory: advisory ?? str('advisory') },
      actions: [
        { value: '', label: translate(locale, 'mod.log.allActions'), selected: !action },
        ...AUDIT_ACTIONS.map((a) => ({ value: a, label: translate(locale, auditActionKey(a)), selected: a === action })),
      ],
      unknownAction: str('action') && !action ? str('action') : null,
      entries: items.map((e) => logEntryView(e, locale)),
      nextUrl: rows.length > LOG_PAGE ? auditLogPath(chosen, items[items.length - 1].id) : null,
    };
  }

  /** A moderator's form refused: who may act comes before what the form said (a subscriber's malformed form is a 403). */
  refused(viewer: Viewer, action: Action, errors: FieldErrors): FormPage {
    this.policy.ensure(viewer, action);
    return refusal('mod.refused', errors);
  }

  async accountStateRefused(userId: number, viewer: Viewer, errors: FieldErrors): Promise<FormPage> {
    const user = await this.users.findById(userId);
    if (!user) throw new NotFoundException();
    this.policy.ensure(viewer, Action.ModerateUser, user);
    return refusal('mod.refused', errors);
  }

  async lockRefused(rawId: string, viewer: Viewer, errors: FieldErrors): Promise<FormPage> {
    await this.thread(rawId);
    return this.refused(viewer, Action.LockThread, errors);
  }

  /** The thread of the advisory the address names (404 before its first publication). */
  async thread(rawId: string): Promise<Thread> {
    const id = normalizeAdvisoryId(rawId);
    const thread = id ? await this.moderation.threadOfAdvisory(id) : null;
    if (!thread) throw new NotFoundException();
    return thread;
  }
}

/** A post in the review queue: where it stands, who wrote it, its text. */
function queuedPost(post: Post) {
  const advisoryId = post.thread.getEntity().advisory.id;
  return {
    id: post.id,
    number: post.number,
    url: postPath(advisoryId, post.number),
    advisoryId,
    author: post.author.getEntity().username,
    bodyHtml: post.bodyHtml,
  };
}
