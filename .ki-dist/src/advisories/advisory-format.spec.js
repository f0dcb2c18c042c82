"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const MS04_044_json_1 = __importDefault(require("../database/demo/MS04-044.json"));
const advisory_import_1 = require("./advisory-import");
const advisory_format_1 = require("./advisory-format");
const seed = () => structuredClone(MS04_044_json_1.default);
const problemsOf = (doc) => (0, advisory_format_1.validateAdvisory)(doc).problems.map((p) => `${p.path}: ${p.message}`);
(0, node_test_1.describe)('validateAdvisory', () => {
    (0, node_test_1.it)('accepts the reference bulletin and returns it unchanged', () => {
        const sut = (0, advisory_format_1.validateAdvisory)(seed());
        strict_1.default.deepEqual(sut.problems, []);
        strict_1.default.deepEqual(sut.doc, seed());
    });
    (0, node_test_1.it)('names the JSON path of a bad nested field', () => {
        const doc = seed();
        doc.packages[2].files[5].size = -1;
        strict_1.default.deepEqual(problemsOf(doc), ['packages[2].files[5].size: must be a non-negative integer']);
    });
    (0, node_test_1.it)('reports every problem at once, not only the first', () => {
        const doc = seed();
        doc.severity = 7;
        doc.countermeasure = 'someday';
        doc.registeredOn = '2004-02-30';
        delete doc.title;
        doc.packages[0].files[1].size = '1,001,456';
        strict_1.default.deepEqual(problemsOf(doc).sort(), [
            'countermeasure: must be one of "sp-wait", "early", "urgent"',
            'packages[0].files[1].size: must be a non-negative integer',
            'registeredOn: must be a date written YYYY-MM-DD',
            'severity: must be one of 1, 2, 3, 4',
            'title: is required',
        ]);
    });
    (0, node_test_1.it)('refuses unknown fields so that nothing is silently dropped', () => {
        const doc = seed();
        doc.severty = 2;
        doc.packages[1].files[0].checksum = 'abc';
        strict_1.default.deepEqual(problemsOf(doc), ['severty: unknown field', 'packages[1].files[0].checksum: unknown field']);
    });
    (0, node_test_1.it)('checks platform keys and reference labels against the advisory itself', () => {
        const doc = seed();
        doc.packages[3].platforms = ['winxp-sp1', 'winxp-sp3'];
        doc.editorNotes[1].references = ['999999'];
        doc.platforms.push({ key: 'ws2003', label: 'dup', product: 'dup' });
        strict_1.default.deepEqual(problemsOf(doc).sort(), [
            'editorNotes[1].references[0]: unknown reference "999999" (not in references[].label)',
            'packages[3].platforms[1]: unknown platform "winxp-sp3" (not in platforms[].key)',
            'platforms[8].key: duplicate platform key "ws2003"',
        ]);
    });
    (0, node_test_1.it)('allows only http and https links', () => {
        const doc = seed();
        doc.references[5].url = 'javascript:alert(1)';
        strict_1.default.deepEqual(problemsOf(doc), ['references[5].url: must be an absolute http:// or https:// URL']);
    });
    (0, node_test_1.it)('keeps "uninstallable: null" as unknown and rejects other non-booleans', () => {
        const doc = seed();
        doc.uninstallable = 'maybe';
        strict_1.default.deepEqual(problemsOf(doc), ['uninstallable: must be true, false or null (unknown)']);
    });
    (0, node_test_1.it)('checks deployment-time keys and values', () => {
        const doc = seed();
        doc.packages[0].deployMinutes = { '50': 18, '75': 20, '500': 0 };
        strict_1.default.deepEqual(problemsOf(doc), ['packages[0].deployMinutes.75: unknown field', 'packages[0].deployMinutes.500: must be a positive whole number of minutes']);
    });
    (0, node_test_1.it)('rejects a non-object and an update date before the registration date', () => {
        strict_1.default.deepEqual(problemsOf([]), ['(root): must be an object']);
        const doc = seed();
        doc.updatedOn = '2004-12-01';
        strict_1.default.deepEqual(problemsOf(doc), ['updatedOn: must not be before registeredOn']);
    });
});
(0, node_test_1.describe)('parseAdvisoryFile', () => {
    (0, node_test_1.it)('reads an array and prefixes paths with the item index', () => {
        const bad = seed();
        bad.kb = [885835];
        const sut = (0, advisory_import_1.parseAdvisoryFile)(JSON.stringify([seed(), bad]));
        strict_1.default.deepEqual(sut.problems, [{ path: '[1].kb[0]', message: 'must be a KB number of 5 to 7 digits, as a string' }]);
    });
    (0, node_test_1.it)('explains invalid JSON instead of throwing', () => {
        const sut = (0, advisory_import_1.parseAdvisoryFile)('{"id": "MS04-044",');
        strict_1.default.equal(sut.docs.length, 0);
        strict_1.default.match(sut.problems[0].message, /^is not valid JSON/);
    });
    (0, node_test_1.it)('accepts a UTF-8 byte-order mark', () => {
        strict_1.default.deepEqual((0, advisory_import_1.parseAdvisoryFile)('\uFEFF' + JSON.stringify(seed())).problems, []);
    });
});
(0, node_test_1.describe)('normalizeAdvisoryId', () => {
    (0, node_test_1.it)('upper-cases ids and rejects anything else', () => {
        strict_1.default.equal((0, advisory_format_1.normalizeAdvisoryId)('ms04-044'), 'MS04-044');
        strict_1.default.equal((0, advisory_format_1.normalizeAdvisoryId)('MS04-044.json'), null);
        strict_1.default.equal((0, advisory_format_1.normalizeAdvisoryId)('../etc/passwd'), null);
        strict_1.default.equal((0, advisory_format_1.normalizeAdvisoryId)('__proto__'), null);
    });
});
//# sourceMappingURL=advisory-format.spec.js.map