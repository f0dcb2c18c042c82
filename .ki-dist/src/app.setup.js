"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.NEST_OPTIONS = void 0;
exports.configureApp = configureApp;
const helmet_1 = __importDefault(require("helmet"));
const node_crypto_1 = require("node:crypto");
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
const advisory_format_1 = require("./advisories/advisory-format");
const locale_middleware_1 = require("./common/i18n/locale.middleware");
const auth_setup_1 = require("./auth/auth.setup");
const refuse_nul_bytes_1 = require("./common/middleware/refuse-nul-bytes");
const http_exception_filter_1 = require("./common/filters/http-exception.filter");
const validate_form_1 = require("./common/forms/validate-form");
const request_logger_1 = require("./common/logging/request-logger");
const view_engine_1 = require("./common/views/view-engine");
exports.NEST_OPTIONS = { bodyParser: false };
function configureApp(app, config) {
    const production = config.env === 'production';
    app.set('trust proxy', config.trustProxy);
    app.disable('x-powered-by');
    if (config.logRequests)
        app.use((0, request_logger_1.requestLogger)());
    app.use((0, helmet_1.default)({
        contentSecurityPolicy: {
            useDefaults: false,
            directives: {
                defaultSrc: ["'self'"],
                scriptSrc: ["'self'"],
                styleSrc: ["'self'"],
                imgSrc: ["'self'", 'data:'],
                fontSrc: ["'self'"],
                connectSrc: ["'self'"],
                objectSrc: ["'none'"],
                baseUri: ["'none'"],
                formAction: ["'self'"],
                frameAncestors: ["'none'"],
                ...(production ? { upgradeInsecureRequests: [] } : {}),
            },
        },
        referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
        hsts: production,
    }));
    const publicDir = (0, node_path_1.join)(config.rootDir, 'public');
    app.useStaticAssets(publicDir, { prefix: '/static/', maxAge: '365d', immutable: true, index: false });
    const assetVersion = (0, node_crypto_1.createHash)('sha256').update((0, node_fs_1.readFileSync)((0, node_path_1.join)(publicDir, 'css', 'app.css'))).digest('hex').slice(0, 10);
    app.use(canonicalAdvisoryIds);
    app.use((0, locale_middleware_1.localeMiddleware)(production));
    app.use((req, res, next) => {
        res.locals.assetVersion = assetVersion;
        res.locals.currentPath = req.path;
        next();
    });
    app.useBodyParser('urlencoded', { extended: false, limit: '256kb', parameterLimit: 200 });
    app.useBodyParser('json', { limit: '100kb' });
    app.use(refuse_nul_bytes_1.refuseNulBytes);
    (0, auth_setup_1.configureSessions)(app, config);
    app.use(http_exception_filter_1.expressErrorHandler);
    const viewsDir = (0, node_path_1.join)(config.rootDir, 'views');
    const engine = (0, view_engine_1.createViewEngine)(viewsDir);
    app.engine('hbs', engine.expressEngine);
    app.setBaseViewsDir(viewsDir);
    app.setViewEngine('hbs');
    app.set('view cache', true);
    app.useGlobalPipes((0, validate_form_1.globalValidationPipe)());
    app.useGlobalFilters(new http_exception_filter_1.HttpExceptionFilter());
    return app;
}
const ADVISORY_IN_PATH = /^\/advisories\/([^/.]+)(.*)$/;
function canonicalAdvisoryIds(req, res, next) {
    const m = ADVISORY_IN_PATH.exec(req.path);
    if (m && m[1] !== m[1].toUpperCase() && advisory_format_1.ADVISORY_ID.test(m[1].toUpperCase())) {
        const query = req.originalUrl.slice(req.originalUrl.indexOf('?') >= 0 ? req.originalUrl.indexOf('?') : req.originalUrl.length);
        return res.redirect(301, `/advisories/${m[1].toUpperCase()}${m[2]}${query}`);
    }
    next();
}
//# sourceMappingURL=app.setup.js.map