import { Body, Controller, Get, NotFoundException, Param, Post as HttpPost, Query, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CurrentViewer } from '../common/decorators/current-viewer.decorator';
import { Public } from '../common/decorators/public.decorator';
import { refusalPage, RefusedForm, sentFields, ShowFormAgain } from '../common/forms/show-form-again';
import { safeNextPath } from '../common/forms/safe-next';
import { keyForForm } from '../common/forms/idempotency';
import { OUTCOMES } from '../field-reports/field-report.entity';
import { KnownIssuesService, summaryView } from '../known-issues/known-issues.service';
import { NotificationsService } from '../notifications/notifications.service';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { GUEST, Viewer } from '../policy/viewer';
import { PostForm, WatchForm } from './dto/post.forms';
import { GuestCacheable } from '../page-cache/guest-cacheable';
import { PostInput, PostsService } from './posts.service';
import { OTHER_PLATFORM } from '../field-reports/field-reports.repository';
import { pager, PlatformRow, ThreadHead, ThreadPageService } from './thread-page.service';
import { feedLinks } from '../feeds/feed-links';
import { advisoryPath, loginPath, pageOf, postPath, threadPath } from '../paths';

@Controller('advisories/:id')
export class ThreadsController {
  constructor(
    private readonly pages: ThreadPageService,
    private readonly posts: PostsService,
    private readonly notifications: NotificationsService,
    private readonly policy: PolicyService,
    private readonly knownIssues: KnownIssuesService,
  ) {}

  @Public()
  @Get('thread')
  @GuestCacheable(threadPath)
  @Render('threads/show')
  async show(@Param('id') rawId: string, @Query('page') rawPage: string | undefined, @CurrentViewer() viewer: Viewer, @Req() req: Request) {
    const { head: thread, platforms } = await this.pages.head(rawId, viewer);
    const pageCount = pageOf(thread.postCount);
    const page = rawPage === undefined ? 1 : /^\d{1,7}$/.test(rawPage) ? Number(rawPage) : 0;
    if (page < 1 || page > pageCount) throw new NotFoundException();
    return this.view(thread, platforms, viewer, req, page, {});
  }

  /** A new post or field report; with intent=preview, the rendered text comes back and nothing is saved. */
  @HttpPost('thread')
  @ShowFormAgain((c: ThreadsController, refused) => c.postRefused(refused))
  async create(
    @Param('id') rawId: string,
    @Body() form: PostForm,
    @CurrentViewer() viewer: Viewer,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const { head: thread, platforms } = await this.pages.head(rawId, viewer);
    this.policy.ensure(viewer, Action.CreatePost, thread);
    if (form.intent === 'preview') {
      const { html } = this.posts.check(platforms, form);
      // A preview creates nothing: 200, not the 201 Nest gives a POST by default.
      const values = formValues(req);
      return res
        .status(200)
        .render('threads/show', await this.view(thread, platforms, viewer, req, pageOf(thread.postCount), { values, preview: html }));
    }
    const post = await this.posts.create(viewer, thread.id, form);
    res.redirect(303, postPath(thread.advisory.id, post.number));
  }

  /** The post form refused: the thread's last page with what was typed and why (422), once the viewer may post there. */
  async postRefused({ req, res, errors }: RefusedForm): Promise<void> {
    const viewer = req.viewer ?? GUEST;
    const { head: thread, platforms } = await this.pages.head(String(req.params.id), viewer);
    this.policy.ensure(viewer, Action.CreatePost, thread);
    const form = { values: formValues(req), errors, hasErrors: true };
    res.status(422).render('threads/show', await this.view(thread, platforms, viewer, req, pageOf(thread.postCount), form));
  }

  @HttpPost('watch')
  @ShowFormAgain((c: ThreadsController, refused) => c.watchRefused(refused))
  async watch(@Param('id') rawId: string, @Body() form: WatchForm, @CurrentViewer() viewer: Viewer, @Res() res: Response) {
    const { head: thread } = await this.pages.head(rawId, viewer);
    this.policy.ensure(viewer, Action.Watch, thread);
    if (form.watch === 'off') await this.notifications.unwatch(viewer.id!, thread.advisory.id);
    else await this.notifications.watchNow(viewer.id!, thread.advisory.id);
    res.redirect(303, safeNextPath(form.next, threadPath(thread.advisory.id)));
  }

  async watchRefused({ req, res, errors }: RefusedForm): Promise<void> {
    const viewer = req.viewer ?? GUEST;
    this.policy.ensure(viewer, Action.Watch, (await this.pages.head(String(req.params.id), viewer)).head);
    refusalPage(res, 'form.refused', errors);
  }

  private async view(
    thread: ThreadHead,
    platforms: PlatformRow[],
    viewer: Viewer,
    req: Request,
    page: number,
    form: { values?: PostInput; preview?: string; errors?: Record<string, string>; hasErrors?: boolean },
  ) {
    const a = thread.advisory;
    const pageCount = pageOf(thread.postCount);
    const issues = await this.knownIssues.summaryIssues(a.id);
    const { posts, backlinks } = await this.pages.page(
      thread,
      platforms,
      viewer,
      page,
      issues.issues.map((i) => i.id),
    );
    const canPost = this.policy.can(viewer, Action.CreatePost, thread);
    const values = { ...form.values, idempotencyKey: keyForForm(form.values?.idempotencyKey, form.errors) };
    return {
      title: `${a.id} — HFR BBS会議室`,
      advisory: { id: a.id, kb: a.kb, title: a.title, url: advisoryPath(a.id), threadUrl: threadPath(a.id) },
      thread: {
        postCount: thread.postCount,
        reportCount: thread.reportCount,
        problemCount: thread.problemCount,
        locked: thread.locked,
        lastPostedAt: thread.lastPostedAt,
      },
      stats: await this.pages.stats(thread.id, platforms),
      knownIssues: summaryView(a, platforms, issues.issues, issues.behind, backlinks.issues),
      feeds: feedLinks.advisory(a.id, a.isPublished),
      canPromote: this.policy.can(viewer, Action.ManageKnownIssues),
      canLock: this.policy.can(viewer, Action.LockThread, thread),
      flagReasons: ['spam', 'off-topic', 'abusive', 'dangerous', 'other'].map((r) => ({ value: r, key: `flag.reason.${r}` })),
      posts,
      pager: pager(a.id, page, pageCount),
      canPost,
      signInUrl: viewer.isGuest ? loginPath(threadPath(a.id)) : null,
      canWatch: this.policy.can(viewer, Action.Watch, thread),
      ...(viewer.isGuest
        ? { watching: false, watchingByEmail: false }
        : await this.notifications.watchState(viewer.id!, a.id).then((w) => ({ watching: w.watching, watchingByEmail: w.email }))),
      canWatchByEmail: this.policy.can(viewer, Action.WatchByEmail, thread),
      form: {
        values,
        platformOptions: [
          ...platforms.map((p) => ({ value: p.key, label: p.label, selected: values.platform === p.key })),
          { value: OTHER_PLATFORM, label: null, selected: values.platform === OTHER_PLATFORM },
        ],
        outcomeOptions: OUTCOMES.map((o) => ({ value: o, key: `outcome.${o}`, selected: values.outcome === o })),
        previewHtml: form.preview ?? null,
        errors: form.errors ?? {},
      },
      hasErrors: form.hasErrors ?? false,
      errors: form.errors ?? {},
    };
  }
}

/** The post form's fields as typed, to show it again. */
function formValues(req: Request): PostInput {
  return Object.fromEntries(Object.entries(sentFields(req)).filter(([, v]) => typeof v === 'string'));
}
