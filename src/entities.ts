import { AdvisoryPlatform } from './advisories/advisory-platform.entity';
import { Advisory } from './advisories/advisory.entity';
import { Session } from './auth/session.entity';
import { AuditEntry } from './moderation/audit-entry.entity';
import { Thread } from './threads/thread.entity';
import { User } from './users/user.entity';

/** Every entity, listed once for the ORM and the migration generator. */
export const ENTITIES = [Advisory, AdvisoryPlatform, Thread, User, Session, AuditEntry];
