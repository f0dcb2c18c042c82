import { AdvisoryPlatform } from './advisories/advisory-platform.entity';
import { Advisory } from './advisories/advisory.entity';
import { AccountToken } from './auth/account-token.entity';
import { Session } from './auth/session.entity';
import { Citation } from './citations/citation.entity';
import { EmergingGroup } from './known-issues/emerging-group.entity';
import { EmergingReport } from './known-issues/emerging-report.entity';
import { KnownIssueEvent } from './known-issues/known-issue-event.entity';
import { KnownIssueEvidence } from './known-issues/known-issue-evidence.entity';
import { KnownIssue } from './known-issues/known-issue.entity';
import { KnownIssueTerm } from './known-issues/known-issue-term.entity';
import { AuditEntry } from './moderation/audit-entry.entity';
import { Flag } from './moderation/flag.entity';
import { SearchDocument } from './search/search-document.entity';
import { Confirmation } from './field-reports/confirmation.entity';
import { FieldReport } from './field-reports/field-report.entity';
import { PlatformStat } from './field-reports/platform-stat.entity';
import { ReportDay } from './field-reports/report-day.entity';
import { DigestItem } from './mail/digest-item.entity';
import { MatchDigestItem } from './mail/match-digest-item.entity';
import { OutboxMail } from './mail/outbox-mail.entity';
import { Notification } from './notifications/notification.entity';
import { Watch } from './notifications/watch.entity';
import { EnvironmentEntry, MemberEnvironment } from './notifications/environment.entity';
import { PostRevision } from './threads/post-revision.entity';
import { Post } from './threads/post.entity';
import { Thread } from './threads/thread.entity';
import { User } from './users/user.entity';
import { VerdictChange } from './guidance/verdict-change.entity';
import { VerdictState } from './guidance/verdict-state.entity';

/** Every entity, listed once for the ORM and the migration generator. */
export const ENTITIES = [
  Advisory,
  AdvisoryPlatform,
  Thread,
  User,
  Session,
  AuditEntry,
  Post,
  PostRevision,
  FieldReport,
  Confirmation,
  PlatformStat,
  ReportDay,
  Watch,
  Notification,
  KnownIssue,
  KnownIssueEvent,
  KnownIssueEvidence,
  EmergingGroup,
  EmergingReport,
  KnownIssueTerm,
  Flag,
  SearchDocument,
  OutboxMail,
  DigestItem,
  MatchDigestItem,
  MemberEnvironment,
  EnvironmentEntry,
  Citation,
  AccountToken,
  VerdictState,
  VerdictChange,
];
