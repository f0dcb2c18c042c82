"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.isProblem = void 0;
exports.bumpPlatformStat = bumpPlatformStat;
exports.countReport = countReport;
const sql_1 = require("../database/sql");
const isProblem = (outcome) => outcome !== 'success';
exports.isProblem = isProblem;
async function bumpPlatformStat(em, threadId, platformKey, outcome, reports, confirmations) {
    await (0, sql_1.sql)(em, `insert into platform_stats (thread_id, platform_key, outcome, reports, confirmations) values (?, ?, ?, ?, ?)
     on conflict (thread_id, platform_key, outcome)
     do update set reports = platform_stats.reports + excluded.reports, confirmations = platform_stats.confirmations + excluded.confirmations`, [threadId, platformKey, outcome, reports, confirmations]);
}
async function countReport(em, threadId, platformKey, outcome, sign, confirmationsByPlatform = new Map()) {
    await bumpPlatformStat(em, threadId, platformKey, outcome, sign, 0);
    for (const [key, n] of confirmationsByPlatform)
        await bumpPlatformStat(em, threadId, key, outcome, 0, sign * n);
    await (0, sql_1.sql)(em, 'update threads set report_count = report_count + ?, problem_count = problem_count + ? where id = ?', [sign, (0, exports.isProblem)(outcome) ? sign : 0, threadId]);
}
//# sourceMappingURL=stats.js.map