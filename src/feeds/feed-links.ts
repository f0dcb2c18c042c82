import { advisoryKnownIssuesFeedPath, KNOWN_ISSUES_FEED_PATH, LATEST_FEED_PATH, STATUS_FEED_PATH, threadFeedPath } from '../paths';

/** One feed a page points to: the <link rel="alternate"> in the layout and the small visible link. */
export interface FeedLink {
  href: string;
  /** The feed's own title (the autodiscovery title), with {id}. */
  titleKey: string;
  /** The short text of the visible link. */
  labelKey: string;
  id: string | null;
}

const thread = (id: string): FeedLink => ({ href: threadFeedPath(id), titleKey: 'feed.thread.title', labelKey: 'feed.thread.label', id });
const advisoryIssues = (id: string): FeedLink => ({
  href: advisoryKnownIssuesFeedPath(id),
  titleKey: 'feed.advisoryKnownIssues.title',
  labelKey: 'feed.knownIssues.label',
  id,
});
const allIssues: FeedLink = {
  href: KNOWN_ISSUES_FEED_PATH,
  titleKey: 'feed.knownIssues.title',
  labelKey: 'feed.knownIssues.label',
  id: null,
};
const status: FeedLink = { href: STATUS_FEED_PATH, titleKey: 'feed.status.title', labelKey: 'feed.status.label', id: null };
const latest: FeedLink = { href: LATEST_FEED_PATH, titleKey: 'feed.latest.title', labelKey: 'feed.latest.label', id: null };

/** The feeds each page advertises; an unpublished advisory has none (its feeds answer 404). */
export const feedLinks = {
  board: (): FeedLink[] => [latest, allIssues],
  knownIssues: (): FeedLink[] => [allIssues],
  status: (): FeedLink[] => [status],
  advisory: (id: string, isPublished: boolean): FeedLink[] => (isPublished ? [thread(id), advisoryIssues(id)] : []),
  advisoryKnownIssues: (id: string, isPublished: boolean): FeedLink[] => (isPublished ? [advisoryIssues(id), thread(id)] : []),
};
