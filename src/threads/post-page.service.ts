import { Injectable, NotFoundException } from '@nestjs/common';
import { FieldErrors } from '../common/forms/form-invalid.exception';
import { FormPage } from '../common/forms/show-form-again';
import { newIdempotencyKey } from '../common/forms/idempotency';
import { quoteMarkdown } from '../common/html/markdown';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { Viewer } from '../policy/viewer';
import { Post } from './post.entity';
import { heldNotice, postSubject, PostsService } from './posts.service';
import { postPath, threadPath } from '../paths';
import { reportOptions } from './thread-page.service';
import { ThreadPageRepository } from './thread-page.repository';
import { FieldReport, Outcome } from '../field-reports/field-report.entity';
import { OTHER_PLATFORM } from '../field-reports/field-reports.repository';
import { PostRevision } from './post-revision.entity';

/** The pages of one post: the reply form without script, the edit form, the revisions; and the post a write may name. */
@Injectable()
export class PostPageService {
  constructor(
    private readonly posts: PostsService,
    private readonly policy: PolicyService,
    private readonly threadPages: ThreadPageRepository,
  ) {}

  /** A reply form that works without script; with quote, it starts with the post quoted. */
  async reply(id: number, quote: boolean, viewer: Viewer) {
    const post = await this.visible(id, viewer);
    // A deleted post shows as a placeholder only: its text must not come back through the reply or quote form.
    if (post.state === 'deleted') throw new NotFoundException();
    const thread = post.thread.getEntity();
    this.policy.ensure(viewer, Action.CreatePost, thread);
    const author = post.author.getEntity().username;
    const approval = await this.posts.approval(viewer);
    return {
      ...heldNotice(approval),
      titleKey: 'post.reply.title',
      target: { number: post.number, author, bodyHtml: post.bodyHtml, url: this.url(post) },
      action: threadPath(thread.advisory.id),
      values: {
        replyTo: String(post.id),
        quote: quote ? 'on' : undefined,
        body: quote ? quoteMarkdown(author, post.number, post.bodySource) : '',
        idempotencyKey: newIdempotencyKey(),
      },
    };
  }

  /** The edit form: the text and, for a field report, its fields as they stand. */
  async edit(id: number, viewer: Viewer) {
    const post = await this.editable(id, viewer);
    const report = post.isReport ? await this.posts.reportOf(post.id) : null;
    return this.editPage(post, { body: post.bodySource, ...(report && reportFormValues(report)) });
  }

  /** The edit form again with the text and fields as typed and why, once the viewer may edit the post. */
  async editRefused(id: number, viewer: Viewer, typed: Record<string, string>, errors: FieldErrors): Promise<FormPage> {
    const post = await this.editable(id, viewer);
    const values = { body: typed.body ?? '', ...pick(typed, REPORT_FIELDS) };
    return { view: 'posts/edit', model: { ...(await this.editPage(post, values)), errors, hasErrors: true } };
  }

  private async editPage(post: Post, values: Record<string, string>) {
    const platforms = post.isReport ? await this.threadPages.platforms(null, post.thread.getEntity().advisory.id) : [];
    return {
      titleKey: 'post.edit.title',
      post: this.editing(post),
      values,
      report: post.isReport ? reportOptions(platforms, values) : null,
    };
  }

  async revisions(id: number, viewer: Viewer) {
    const post = await this.visible(id, viewer);
    this.policy.ensure(viewer, Action.ViewRevisions, postSubject(post, post.thread.getEntity()));
    const revisions = await this.posts.revisions(id);
    const report = post.isReport ? await this.posts.reportOf(id) : null;
    // Each revision shows what its edit changed in the report: from its own fields to the next version's.
    let after = report && reportFacts(report);
    const shown = revisions.map((r) => {
      const before = r.reportOutcome === null ? null : revisionFacts(r);
      const changes = before && after ? reportChanges(before, after) : [];
      after = before ?? after;
      return {
        revision: r.revision,
        body: r.bodySource,
        replacedBy: r.editor.getEntity().username,
        replacedAt: r.createdAt,
        changes,
      };
    });
    return {
      titleKey: 'post.revisions.title',
      post: { number: post.number, url: this.url(post), current: post.bodySource, editedAt: post.editedAt },
      revisions: shown,
    };
  }

  /** Where a post stands: its thread page and anchor. */
  url(post: Post): string {
    return postPath(post.thread.getEntity().advisory.id, post.number);
  }

  /** A post the viewer may see (held and hidden ones only for their author and moderators), else 404. */
  async visible(id: number, viewer: Viewer): Promise<Post> {
    const post = await this.posts.find(id);
    if (!post || !this.policy.can(viewer, Action.ViewPost, postSubject(post, post.thread.getEntity()))) throw new NotFoundException();
    return post;
  }

  async editable(id: number, viewer: Viewer): Promise<Post> {
    const post = await this.visible(id, viewer);
    this.policy.ensure(viewer, Action.EditPost, postSubject(post, post.thread.getEntity()));
    return post;
  }

  private editing(post: Post) {
    return { id: post.id, number: post.number, url: this.url(post) };
  }
}

const REPORT_FIELDS = ['outcome', 'platform', 'platformOther', 'hosts', 'software'] as const;

const pick = (typed: Record<string, string>, names: readonly string[]) =>
  Object.fromEntries(names.filter((n) => n in typed).map((n) => [n, typed[n]]));

/** A stored report as the edit form's fields hold it. */
function reportFormValues(report: FieldReport): Record<string, string> {
  const platform = report.platform?.getEntity().key;
  return {
    outcome: report.outcome,
    platform: platform ?? OTHER_PLATFORM,
    platformOther: report.platformOther ?? '',
    hosts: String(report.hosts),
    software: report.software,
  };
}

/** A report's fields as the revisions page shows them: the platform by its label, or "other" with its name. */
interface ReportFacts {
  platform: { label: string | null; other: string | null };
  outcome: Outcome;
  hosts: number;
  software: string;
}

/** A report's fields, stored (a report) or kept (a revision's), as the revisions page compares them. */
function reportFacts(report: Pick<FieldReport, 'platform' | 'platformOther' | 'outcome' | 'hosts' | 'software'>): ReportFacts {
  const label = report.platform?.getEntity().label ?? null;
  return {
    platform: { label, other: label ? null : (report.platformOther ?? '') },
    outcome: report.outcome,
    hosts: report.hosts,
    software: report.software,
  };
}

const revisionFacts = (r: PostRevision): ReportFacts =>
  reportFacts({
    platform: r.reportPlatform,
    platformOther: r.reportPlatformOther ?? null,
    outcome: r.reportOutcome!,
    hosts: r.reportHosts ?? 0,
    software: r.reportSoftware ?? '',
  });

/** One shown value: a catalog key (an outcome), a number, "other" with a name, or text. */
type Shown = { key?: string; number?: number; other?: boolean; text?: string };

const platformShown = (p: ReportFacts['platform']): Shown => (p.label ? { text: p.label } : { other: true, text: p.other ?? '' });

/** What one edit changed in a report, field by field: its label's key, the value before and after. */
function reportChanges(before: ReportFacts, after: ReportFacts): { fieldKey: string; from: Shown; to: Shown }[] {
  const changes: { fieldKey: string; from: Shown; to: Shown }[] = [];
  if (before.platform.label !== after.platform.label || before.platform.other !== after.platform.other)
    changes.push({ fieldKey: 'report.platform', from: platformShown(before.platform), to: platformShown(after.platform) });
  if (before.outcome !== after.outcome)
    changes.push({ fieldKey: 'report.outcome', from: { key: `outcome.${before.outcome}` }, to: { key: `outcome.${after.outcome}` } });
  if (before.hosts !== after.hosts) changes.push({ fieldKey: 'report.hosts', from: { number: before.hosts }, to: { number: after.hosts } });
  if (before.software !== after.software)
    changes.push({
      fieldKey: 'report.software',
      from: before.software ? { text: before.software } : { key: 'post.revisions.none' },
      to: after.software ? { text: after.software } : { key: 'post.revisions.none' },
    });
  return changes;
}
