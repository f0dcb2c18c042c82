import { advisoryPath } from '../advisories/advisory.view-model';

/** One feed a page points to: the <link rel="alternate"> in the layout and the small visible link. */
export interface FeedLink {
  href: string;
  /** The feed's own title (the autodiscovery title), with {id}. */
  titleKey: string;
  /** The short text of the visible link. */
  labelKey: string;
  id: string | null;
}

export const threadFeedPath = (advisoryId: string) => `${advisoryPath(advisoryId)}/thread.atom`;
export const advisoryKnownIssuesFeedPath = (advisoryId: string) => `${advisoryPath(advisoryId)}/known-issues.atom`;
export const KNOWN_ISSUES_FEED_PATH = '/known-issues.atom';
export const LATEST_FEED_PATH = '/latest.atom';

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
const latest: FeedLink = { href: LATEST_FEED_PATH, titleKey: 'feed.latest.title', labelKey: 'feed.latest.label', id: null };

/** The feeds each page advertises; an unpublished advisory has none (its feeds answer 404). */
export const feedLinks = {
  board: (): FeedLink[] => [latest, allIssues],
  knownIssues: (): FeedLink[] => [allIssues],
  advisory: (id: string, isPublished: boolean): FeedLink[] => (isPublished ? [thread(id), advisoryIssues(id)] : []),
  advisoryKnownIssues: (id: string, isPublished: boolean): FeedLink[] => (isPublished ? [advisoryIssues(id), thread(id)] : []),
};
