"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.referenceDocument = referenceDocument;
exports.buildAdvisoryDoc = buildAdvisoryDoc;
exports.createAdvisories = createAdvisories;
const advisories_service_1 = require("../../src/advisories/advisories.service");
const MS04_044_json_1 = __importDefault(require("../../src/database/demo/MS04-044.json"));
let sequence = 100;
function referenceDocument() {
    return structuredClone(MS04_044_json_1.default);
}
function buildAdvisoryDoc(overrides = {}) {
    const n = sequence++;
    const doc = {
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
async function createAdvisories(app, docs, publish = true) {
    return app.get(advisories_service_1.AdvisoriesService).importDocuments(docs, { publish });
}
//# sourceMappingURL=advisory.factory.js.map