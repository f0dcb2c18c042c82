"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.assertValidHtml = assertValidHtml;
const strict_1 = __importDefault(require("node:assert/strict"));
const html_validate_1 = require("html-validate");
const validator = new html_validate_1.HtmlValidate({
    extends: ['html-validate:recommended'],
    rules: {
        'no-trailing-whitespace': 'off',
        'long-title': 'off',
        'form-dup-name': ['error', { shared: ['radio', 'checkbox', 'button', 'reset', 'submit'] }],
    },
});
async function assertValidHtml(html, label) {
    const report = await validator.validateString(html);
    const messages = report.results.flatMap((r) => r.messages.map((m) => `${label} ${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
    strict_1.default.deepEqual(messages, [], messages.join('\n'));
}
//# sourceMappingURL=html.js.map