import { AdvisoriesService } from '../advisories/advisories.service';
import { parseAdvisoryFile } from '../advisories/advisory-import';
import demo from './demo/MS04-044.json';

/** The demo bulletin MS04-044, published with its thread, through the same validator as any import. */
export async function loadDemoData(advisories: AdvisoriesService): Promise<void> {
  const { docs, problems } = parseAdvisoryFile(JSON.stringify(demo));
  if (problems.length) throw new Error(`demo data is invalid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  await advisories.importDocuments(docs, { publish: true });
}
