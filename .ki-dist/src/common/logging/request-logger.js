"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.requestLogger = requestLogger;
const node_crypto_1 = require("node:crypto");
function requestLogger(write = (l) => process.stdout.write(l + '\n')) {
    return (req, res, next) => {
        const started = process.hrtime.bigint();
        const id = (0, node_crypto_1.randomUUID)();
        res.setHeader('X-Request-Id', id);
        res.on('finish', () => {
            const ms = Number(process.hrtime.bigint() - started) / 1e6;
            write(JSON.stringify({
                time: new Date().toISOString(),
                level: res.statusCode >= 500 ? 'error' : 'info',
                msg: 'request',
                id,
                method: req.method,
                path: req.path,
                status: res.statusCode,
                ms: Math.round(ms * 10) / 10,
                ip: req.ip,
            }));
        });
        next();
    };
}
//# sourceMappingURL=request-logger.js.map