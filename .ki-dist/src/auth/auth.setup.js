"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.sessionCookieName = sessionCookieName;
exports.configureSessions = configureSessions;
exports.csrfToken = csrfToken;
const core_1 = require("@mikro-orm/core");
const common_1 = require("@nestjs/common");
const express_session_1 = __importDefault(require("express-session"));
const node_crypto_1 = require("node:crypto");
const passport_1 = require("passport");
const viewer_1 = require("../policy/viewer");
const actions_1 = require("../policy/actions");
const policy_service_1 = require("../policy/policy.service");
const user_entity_1 = require("../users/user.entity");
const auth_tokens_1 = require("./auth.tokens");
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
function sessionCookieName(config) {
    return config.env === 'production' ? '__Host-hfr_session' : 'hfr_session';
}
function configureSessions(app, config) {
    const orm = app.get(core_1.MikroORM);
    const store = app.get(auth_tokens_1.SESSION_STORE);
    const production = config.env === 'production';
    app.use((0, express_session_1.default)({
        name: sessionCookieName(config),
        secret: config.sessionSecret,
        store,
        resave: false,
        saveUninitialized: false,
        rolling: true,
        unset: 'destroy',
        proxy: config.trustProxy !== false,
        cookie: { httpOnly: true, sameSite: 'lax', secure: production, path: '/', maxAge: config.sessions.idleSeconds * 1000 },
    }));
    app.use((req, _res, next) => {
        const started = req.session?.signedInAt;
        if (started && Date.now() - started > config.sessions.absoluteSeconds * 1000) {
            return req.session.regenerate((err) => next(err));
        }
        next();
    });
    const passport = new passport_1.Passport();
    passport.serializeUser((user, done) => done(null, user.id));
    const policy = app.get(policy_service_1.PolicyService);
    passport.deserializeUser((id, done) => {
        orm.em
            .fork()
            .findOne(user_entity_1.User, { id })
            .then((user) => {
            if (!user || !policy.can(viewer_1.GUEST, actions_1.Action.SignIn, user))
                return done(null, false);
            const viewer = (0, viewer_1.signedIn)(user.id, user.username, user.role, user.effectiveState());
            done(null, Object.assign({ stateUntil: user.stateUntil, stateReason: user.stateReason, unreadNotifications: user.unreadNotifications }, viewer));
        }, done);
    });
    app.use(passport.initialize());
    app.use(passport.session());
    app.use((req, res, next) => {
        req.viewer = req.user ?? viewer_1.GUEST;
        res.locals.viewer = req.viewer;
        res.locals.signedIn = !req.viewer.isGuest;
        res.locals.canModerate = policy.can(req.viewer, actions_1.Action.ModerateQueue);
        if (req.viewer.state === 'silenced') {
            const { stateUntil, stateReason } = req.user;
            res.locals.accountNotice = { key: stateUntil ? 'account.silenced' : 'account.silencedIndefinitely', until: stateUntil, reason: stateReason };
        }
        if (!req.viewer.isGuest)
            res.locals.csrfToken = csrfToken(req);
        else if (req.session?.csrfToken)
            res.locals.csrfToken = req.session.csrfToken;
        next();
    });
    app.use(csrfProtection(config));
}
function csrfToken(req) {
    req.session.csrfToken ??= (0, node_crypto_1.randomBytes)(32).toString('base64url');
    return req.session.csrfToken;
}
function csrfProtection(config) {
    const trusted = new URL(config.publicBaseUrl).origin;
    return (req, _res, next) => {
        if (SAFE_METHODS.has(req.method))
            return next();
        const origin = req.headers.origin ?? refererOrigin(req.headers.referer);
        const own = `${req.protocol}://${req.get('host')}`;
        if (origin && origin !== own && origin !== trusted)
            return next(new common_1.ForbiddenException('cross-origin request'));
        const body = req.body;
        const sent = typeof body?._csrf === 'string' ? body._csrf : req.get('x-csrf-token');
        const expected = req.session?.csrfToken;
        if (!sent || !expected || !sameToken(sent, expected))
            return next(new common_1.ForbiddenException('missing or wrong CSRF token'));
        if (body)
            delete body._csrf;
        next();
    };
}
function refererOrigin(referer) {
    if (!referer)
        return undefined;
    try {
        return new URL(referer).origin;
    }
    catch {
        return 'null';
    }
}
function sameToken(a, b) {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && (0, node_crypto_1.timingSafeEqual)(x, y);
}
//# sourceMappingURL=auth.setup.js.map