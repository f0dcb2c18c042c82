"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const i18n_1 = require("./i18n");
(0, node_test_1.describe)('catalogs', () => {
    (0, node_test_1.it)('have the same keys in Japanese and English', () => {
        strict_1.default.deepEqual((0, i18n_1.catalogKeys)('en').sort(), (0, i18n_1.catalogKeys)('ja').sort());
    });
    (0, node_test_1.it)('fill placeholders', () => {
        strict_1.default.equal((0, i18n_1.translate)('ja', 'advisory.hosts', { count: 50 }), '50台');
        strict_1.default.equal((0, i18n_1.translate)('en', 'advisory.hosts', { count: 50 }), '50 hosts');
    });
});
(0, node_test_1.describe)('negotiateLocale', () => {
    (0, node_test_1.it)('prefers ?lang=, then the cookie, then Accept-Language, then Japanese', () => {
        strict_1.default.deepEqual((0, i18n_1.negotiateLocale)('en', 'ja', 'ja'), { locale: 'en', remember: true });
        strict_1.default.deepEqual((0, i18n_1.negotiateLocale)(undefined, 'en', 'ja'), { locale: 'en', remember: false });
        strict_1.default.deepEqual((0, i18n_1.negotiateLocale)(undefined, undefined, 'en-US,en;q=0.9'), { locale: 'en', remember: false });
        strict_1.default.deepEqual((0, i18n_1.negotiateLocale)(undefined, undefined, 'fr-FR, en;q=0.5, ja;q=0.8'), { locale: 'ja', remember: false });
        strict_1.default.deepEqual((0, i18n_1.negotiateLocale)(undefined, undefined, undefined), { locale: 'ja', remember: false });
    });
    (0, node_test_1.it)('ignores values that are not a supported language', () => {
        strict_1.default.deepEqual((0, i18n_1.negotiateLocale)('xx', '<script>', 'de'), { locale: 'ja', remember: false });
        strict_1.default.deepEqual((0, i18n_1.negotiateLocale)(['en', 'ja'], undefined, undefined), { locale: 'ja', remember: false });
    });
});
(0, node_test_1.describe)('formatting', () => {
    (0, node_test_1.it)('writes dates in the reader’s language', () => {
        strict_1.default.equal((0, i18n_1.formatDate)('ja', '2004-12-16'), '2004年12月16日');
        strict_1.default.equal((0, i18n_1.formatDate)('en', '2004-12-16'), 'Dec 16, 2004');
    });
    (0, node_test_1.it)('writes deployment times as the bulletin does', () => {
        strict_1.default.equal((0, i18n_1.formatMinutes)('ja', 94), '1時間34分');
        strict_1.default.equal((0, i18n_1.formatMinutes)('ja', 18), '18分');
        strict_1.default.equal((0, i18n_1.formatMinutes)('en', 120), '2 h');
    });
});
//# sourceMappingURL=i18n.spec.js.map