"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_events_1 = require("node:events");
const node_test_1 = require("node:test");
const request_logger_1 = require("./request-logger");
(0, node_test_1.describe)('requestLogger', () => {
    (0, node_test_1.it)('writes one JSON line without the query string, cookies or body', () => {
        const lines = [];
        const sut = (0, request_logger_1.requestLogger)((l) => lines.push(l));
        const res = Object.assign(new node_events_1.EventEmitter(), { statusCode: 200, setHeader: () => undefined });
        const req = { method: 'GET', path: '/login', originalUrl: '/login?token=secret', ip: '127.0.0.1', headers: { cookie: 'sid=secret' }, body: { password: 'secret' } };
        sut(req, res, () => undefined);
        res.emit('finish');
        strict_1.default.equal(lines.length, 1);
        const entry = JSON.parse(lines[0]);
        strict_1.default.equal(entry.path, '/login');
        strict_1.default.equal(entry.status, 200);
        strict_1.default.equal(typeof entry.ms, 'number');
        strict_1.default.doesNotMatch(lines[0], /secret/);
    });
});
//# sourceMappingURL=request-logger.spec.js.map