"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.HttpExceptionFilter = void 0;
exports.expressErrorHandler = expressErrorHandler;
const common_1 = require("@nestjs/common");
const KNOWN_PAGES = new Set([400, 401, 403, 404, 405, 413, 429, 503]);
const logger = new common_1.Logger('Error');
let HttpExceptionFilter = class HttpExceptionFilter {
    catch(exception, host) {
        const ctx = host.switchToHttp();
        renderError(exception, ctx.getRequest(), ctx.getResponse());
    }
};
exports.HttpExceptionFilter = HttpExceptionFilter;
exports.HttpExceptionFilter = HttpExceptionFilter = __decorate([
    (0, common_1.Catch)()
], HttpExceptionFilter);
function expressErrorHandler(err, req, res, _next) {
    renderError(err, req, res);
}
function renderError(exception, req, res) {
    const status = statusOf(exception);
    if (status >= 500)
        logger.error(`${req.method} ${req.path}: ${exception?.stack ?? String(exception)}`);
    if (res.headersSent)
        return void res.end();
    res.status(status);
    res.setHeader('Cache-Control', 'no-store');
    const retryAfter = exception?.retryAfterSeconds;
    if (status === 429 && typeof retryAfter === 'number')
        res.setHeader('Retry-After', String(retryAfter));
    if (req.path.endsWith('.json') || req.accepts(['html', 'json']) === 'json') {
        res.json({ status, error: status >= 500 ? 'Internal Server Error' : messageOf(exception, status) });
        return;
    }
    const page = KNOWN_PAGES.has(status) ? status : status >= 500 ? 500 : 400;
    res.render('errors/error', { titleKey: `error.${page}.title`, messageKey: `error.${page}.message`, status }, (err, html) => {
        if (err) {
            logger.error(`error page failed to render: ${err.message}`);
            res.type('text/plain').send(`${status}`);
            return;
        }
        res.send(html);
    });
}
function statusOf(exception) {
    if (exception instanceof common_1.HttpException)
        return exception.getStatus();
    const s = exception?.status ?? exception?.statusCode;
    return typeof s === 'number' && s >= 400 && s < 600 ? s : common_1.HttpStatus.INTERNAL_SERVER_ERROR;
}
function messageOf(exception, status) {
    if (exception instanceof common_1.HttpException) {
        const body = exception.getResponse();
        if (typeof body === 'string')
            return body;
        const m = body.message;
        if (typeof m === 'string')
            return m;
    }
    return common_1.HttpStatus[status] ?? 'Error';
}
//# sourceMappingURL=http-exception.filter.js.map