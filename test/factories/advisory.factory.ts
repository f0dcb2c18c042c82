import { INestApplicationContext } from '@nestjs/common';
import { AdvisoriesService } from '../../src/advisories/advisories.service';
import { AdvisoryDocument } from '../../src/advisories/advisory-format';
import demo from '../../src/database/demo/MS04-044.json';

let sequence = 100;

/** The reference bulletin's id (MS04-044): the one most tests post to. */
export const REFERENCE_ID = demo.id;

/** A copy of the reference bulletin: every field present, so pages and exports are fully exercised. */
export function referenceDocument(): AdvisoryDocument {
  return structuredClone(demo) as AdvisoryDocument;
}

/** The reference bulletin under another id with two faults an import names by path: packages[2].files[5].size -5 and severity 9. */
export function faultyReferenceDocument(id: string): AdvisoryDocument {
  const doc = referenceDocument();
  doc.id = id;
  (doc.packages[2].files[5] as { size: unknown }).size = -5;
  (doc as { severity: unknown }).severity = 9;
  return doc;
}

/** A valid advisory document with a fresh id; override any field. */
export function buildAdvisoryDoc(overrides: Partial<AdvisoryDocument> = {}): AdvisoryDocument {
  const n = sequence++;
  const doc: AdvisoryDocument = {
    id: `MS09-${String(n).padStart(3, '0')}`,
    kb: [String(900000 + n)],
    title: `テスト用のセキュリティ情報 ${n}`,
    registeredOn: '2009-01-13',
    updatedOn: '2009-01-13',
    severity: 1,
    exploitCodePublic: false,
    countermeasure: 'urgent',
    rebootRequired: true,
    uninstallable: true,
    targets: ['server'],
    references: [],
    relatedAdvisories: [],
    summary: 'テスト用の概要。',
    vulnerabilities: [],
    platforms: [
      { key: 'win2000-sp4', label: 'Windows 2000 SP4', product: 'Windows 2000' },
      { key: 'ws2003', label: 'Windows Server 2003', product: 'Windows Server 2003' },
    ],
    labTestedOn: [],
    editorNotes: [],
    packages: [],
    ...overrides,
  };
  return doc;
}

/** Imports documents through the real service, as the CLI does. */
export async function createAdvisories(app: INestApplicationContext, docs: AdvisoryDocument[], publish = true) {
  return app.get(AdvisoriesService).importDocuments(docs, { publish });
}
