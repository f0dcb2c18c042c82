import { Injectable } from '@nestjs/common';
import { Locale } from '../common/i18n/i18n';
import { rowId } from '../common/http/row-id';
import { oneLine, shorten } from '../common/text/clip';
import { Viewer } from '../policy/viewer';
import { notificationLine } from './notification-line';
import { NotificationsService } from './notifications.service';
import { knownIssuePath, notificationsPath, postPath } from '../paths';

/** How much of a reply or quote its notification shows. */
const EXCERPT_CHARS = 80;

/** The member's notifications page. */
@Injectable()
export class NotificationsPageService {
  constructor(private readonly notifications: NotificationsService) {}

  async list(viewer: Viewer, before: string | undefined, locale: Locale) {
    const { items, nextBefore } = await this.notifications.list(viewer.id!, rowId(before));
    return {
      titleKey: 'notifications.title',
      notifications: items.map((n) => {
        const post = n.post?.getEntity();
        const issue = n.knownIssue?.getEntity();
        const advisoryId = post ? post.thread.getEntity().advisory.id : issue!.advisory.id;
        return {
          id: n.id,
          line: notificationLine(locale, {
            kind: n.kind,
            actor: n.actor?.getEntity().username ?? null,
            advisory: advisoryId,
            number: post?.number ?? null,
            title: issue?.title ?? null,
            payload: n.payload,
            // Read from the post, so a reply hidden or deleted since shows no text.
            excerpt: post && post.state === 'visible' ? excerpt(post.bodySource) : null,
          }),
          url: post ? postPath(advisoryId, post.number) : knownIssuePath(advisoryId, issue!.id),
          createdAt: n.createdAt,
          unread: n.readAt === null,
        };
      }),
      nextUrl: nextBefore ? notificationsPath(nextBefore) : null,
    };
  }
}

/** The reply's own words: the lines it quotes (Markdown "> ") left out. */
const excerpt = (source: string) =>
  shorten(
    oneLine(
      source
        .split('\n')
        .filter((l) => !/^\s*>/.test(l))
        .join(' '),
    ),
    EXCERPT_CHARS,
  );
