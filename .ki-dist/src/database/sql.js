"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.sql = sql;
exports.dbDate = dbDate;
function sql(em, query, params = [], method = 'run') {
    return em.getConnection().execute(query, params, method, em.getTransactionContext());
}
function dbDate(em, date) {
    return em.getPlatform().processDateProperty(date);
}
//# sourceMappingURL=sql.js.map