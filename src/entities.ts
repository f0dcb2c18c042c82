import { AdvisoryPlatform } from './advisories/advisory-platform.entity';
import { Advisory } from './advisories/advisory.entity';
import { Thread } from './threads/thread.entity';

/** Every entity, listed once for the ORM and the migration generator. */
export const ENTITIES = [Advisory, AdvisoryPlatform, Thread];
