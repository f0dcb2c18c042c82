"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.DEFAULT_LOCALE = exports.LOCALES = void 0;
exports.translate = translate;
exports.isLocale = isLocale;
exports.catalogKeys = catalogKeys;
exports.negotiateLocale = negotiateLocale;
exports.formatDate = formatDate;
exports.formatNumber = formatNumber;
exports.formatMinutes = formatMinutes;
const en_json_1 = __importDefault(require("./en.json"));
const ja_json_1 = __importDefault(require("./ja.json"));
exports.LOCALES = ['ja', 'en'];
exports.DEFAULT_LOCALE = 'ja';
const CATALOGS = { ja: ja_json_1.default, en: en_json_1.default };
function translate(locale, key, params = {}) {
    const text = CATALOGS[locale][key] ?? CATALOGS[exports.DEFAULT_LOCALE][key] ?? key;
    return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}
function isLocale(value) {
    return typeof value === 'string' && exports.LOCALES.includes(value);
}
function catalogKeys(locale) {
    return Object.keys(CATALOGS[locale]);
}
function negotiateLocale(query, cookie, acceptLanguage) {
    if (isLocale(query))
        return { locale: query, remember: true };
    if (isLocale(cookie))
        return { locale: cookie, remember: false };
    return { locale: fromAcceptLanguage(acceptLanguage), remember: false };
}
function fromAcceptLanguage(header) {
    if (!header)
        return exports.DEFAULT_LOCALE;
    const ranked = header
        .split(',')
        .map((part, index) => {
        const [tag, ...params] = part.trim().split(';');
        const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
        const weight = q ? Number(q.slice(2)) : 1;
        return { lang: tag.trim().toLowerCase().split('-')[0], weight: Number.isFinite(weight) ? weight : 0, index };
    })
        .filter((x) => x.weight > 0)
        .sort((a, b) => b.weight - a.weight || a.index - b.index);
    const hit = ranked.find((x) => isLocale(x.lang));
    return hit ? hit.lang : exports.DEFAULT_LOCALE;
}
function formatDate(locale, value, withTime = false) {
    if (value === null || value === undefined || value === '')
        return '';
    const date = typeof value === 'string' ? new Date(`${value.slice(0, 10)}T00:00:00Z`) : value;
    if (Number.isNaN(date.getTime()))
        return String(value);
    const options = { year: 'numeric', month: locale === 'ja' ? 'long' : 'short', day: 'numeric', timeZone: typeof value === 'string' ? 'UTC' : 'Asia/Tokyo' };
    if (withTime)
        Object.assign(options, { hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
    return new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-US', options).format(date);
}
function formatNumber(locale, value) {
    return new Intl.NumberFormat(locale === 'ja' ? 'ja-JP' : 'en-US').format(value);
}
function formatMinutes(locale, minutes) {
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    if (locale === 'ja')
        return h ? `${h}時間${m ? `${m}分` : ''}` : `${m}分`;
    return h ? `${h} h${m ? ` ${m} min` : ''}` : `${m} min`;
}
//# sourceMappingURL=i18n.js.map