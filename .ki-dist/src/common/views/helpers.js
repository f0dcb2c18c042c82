"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.registerHelpers = registerHelpers;
const i18n_1 = require("../i18n/i18n");
function localeOf(options) {
    return options.data?.root?.locale ?? 'ja';
}
function registerHelpers(hbs) {
    hbs.registerHelper('t', function (key, options) {
        return (0, i18n_1.translate)(localeOf(options), key, options.hash);
    });
    hbs.registerHelper('formatDate', function (value, options) {
        return (0, i18n_1.formatDate)(localeOf(options), value, options.hash.time === true);
    });
    hbs.registerHelper('formatNumber', function (value, options) {
        return typeof value === 'number' ? (0, i18n_1.formatNumber)(localeOf(options), value) : '';
    });
    hbs.registerHelper('formatMinutes', function (value, options) {
        return typeof value === 'number' ? (0, i18n_1.formatMinutes)(localeOf(options), value) : '';
    });
    hbs.registerHelper('eq', (a, b) => a === b);
    hbs.registerHelper('concat', (...args) => args.slice(0, -1).join(''));
}
//# sourceMappingURL=helpers.js.map