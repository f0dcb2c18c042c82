"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.localeMiddleware = localeMiddleware;
const i18n_1 = require("./i18n");
const ONE_YEAR = 365 * 24 * 3600;
function localeMiddleware(secureCookies) {
    return (req, res, next) => {
        const { locale, remember } = (0, i18n_1.negotiateLocale)(req.query.lang, readCookie(req.headers.cookie, 'lang'), req.headers['accept-language']);
        if (remember) {
            res.append('Set-Cookie', `lang=${locale}; Path=/; Max-Age=${ONE_YEAR}; SameSite=Lax${secureCookies ? '; Secure' : ''}`);
        }
        res.append('Vary', 'Accept-Language, Cookie');
        res.setHeader('Content-Language', locale);
        const other = locale === 'ja' ? 'en' : 'ja';
        const params = new URLSearchParams(req.query);
        params.set('lang', other);
        res.locals.locale = locale;
        res.locals.otherLocale = { code: other, url: `${req.path}?${params.toString()}` };
        next();
    };
}
function readCookie(header, name) {
    if (!header)
        return undefined;
    for (const part of header.split(';')) {
        const eq = part.indexOf('=');
        if (eq > 0 && part.slice(0, eq).trim() === name)
            return part.slice(eq + 1).trim();
    }
    return undefined;
}
//# sourceMappingURL=locale.middleware.js.map