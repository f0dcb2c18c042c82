import { AppConfig } from '../../src/config/config';
import { createAdvisories, REFERENCE_ID, referenceDocument } from '../factories/advisory.factory';
import { generousLimits } from './limits';
import { createTestApp, TestApp } from './test-app';

/** The reference bulletin MS04-044 (8 platforms) and its pages. */
export const ID = REFERENCE_ID;
export const BULLETIN = `/advisories/${ID}`;
export const THREAD = `${BULLETIN}/thread`;
export const KI = `${BULLETIN}/known-issues`;

/** The real app on a fresh database with the reference bulletin published and limits out of the way (`config` overrides). */
export async function boardApp(config: Partial<AppConfig> = {}): Promise<TestApp> {
  const t = await createTestApp({ rateLimits: generousLimits(), ...config });
  await createAdvisories(t.app, [referenceDocument()]);
  return t;
}
