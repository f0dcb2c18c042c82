"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.DbSessionStore = void 0;
const express_session_1 = __importDefault(require("express-session"));
const session_entity_1 = require("./session.entity");
const STORED_EXPIRY = '_storedExpiry';
const TOUCH_SLACK_MS = 60_000;
class DbSessionStore extends express_session_1.default.Store {
    constructor(orm, idleSeconds) {
        super();
        this.orm = orm;
        this.idleSeconds = idleSeconds;
    }
    em() {
        return this.orm.em.fork();
    }
    get(sid, cb) {
        this.em()
            .findOne(session_entity_1.Session, { sid, expiresAt: { $gt: new Date() } })
            .then((row) => cb(null, row ? { ...JSON.parse(row.data), [STORED_EXPIRY]: row.expiresAt.getTime() } : null), cb);
    }
    set(sid, data, cb = () => undefined) {
        const userId = data.passport?.user ?? null;
        const { [STORED_EXPIRY]: _, ...rest } = data;
        this.em()
            .upsert(session_entity_1.Session, { sid, userId, data: JSON.stringify(rest), expiresAt: this.expiry(data) }, { onConflictFields: ['sid'] })
            .then(() => cb(), cb);
    }
    touch(sid, data, cb = () => undefined) {
        const stored = data[STORED_EXPIRY];
        const slack = Math.min(TOUCH_SLACK_MS, (this.idleSeconds * 1000) / 10);
        if (stored && this.expiry(data).getTime() - stored < slack)
            return cb();
        this.em()
            .nativeUpdate(session_entity_1.Session, { sid }, { expiresAt: this.expiry(data) })
            .then(() => cb(), cb);
    }
    destroy(sid, cb = () => undefined) {
        this.em()
            .nativeDelete(session_entity_1.Session, { sid })
            .then(() => cb(), cb);
    }
    async destroyUserSessions(userId, exceptSid) {
        return this.em().nativeDelete(session_entity_1.Session, exceptSid ? { userId, sid: { $ne: exceptSid } } : { userId });
    }
    async prune() {
        return this.em().nativeDelete(session_entity_1.Session, { expiresAt: { $lte: new Date() } });
    }
    expiry(data) {
        return data.cookie?.expires ? new Date(data.cookie.expires) : new Date(Date.now() + this.idleSeconds * 1000);
    }
}
exports.DbSessionStore = DbSessionStore;
//# sourceMappingURL=session-store.js.map