"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.parseAdvisoryFile = parseAdvisoryFile;
exports.duplicateIds = duplicateIds;
const advisory_format_1 = require("./advisory-format");
function parseAdvisoryFile(text) {
    let data;
    try {
        data = JSON.parse(text.replace(/^\uFEFF/, ''));
    }
    catch (err) {
        return { docs: [], problems: [{ path: '(file)', message: `is not valid JSON: ${err.message}` }] };
    }
    const items = Array.isArray(data) ? data : [data];
    if (items.length === 0)
        return { docs: [], problems: [{ path: '(file)', message: 'holds an empty array: no advisory to import' }] };
    const docs = [];
    const problems = [];
    items.forEach((item, i) => {
        const result = (0, advisory_format_1.validateAdvisory)(item, Array.isArray(data) ? `[${i}]` : '');
        problems.push(...result.problems);
        if (result.doc)
            docs.push(result.doc);
    });
    return { docs, problems };
}
function duplicateIds(docs) {
    const seen = new Set();
    const dupes = new Set();
    for (const d of docs)
        (seen.has(d.id) ? dupes : seen).add(d.id);
    return [...dupes];
}
//# sourceMappingURL=advisory-import.js.map