"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const safe_next_1 = require("./safe-next");
(0, node_test_1.describe)('safeNextPath', () => {
    (0, node_test_1.it)('keeps local paths with their query and anchor', () => {
        strict_1.default.equal((0, safe_next_1.safeNextPath)('/advisories/MS04-044/thread?page=2#p51'), '/advisories/MS04-044/thread?page=2#p51');
        strict_1.default.equal((0, safe_next_1.safeNextPath)('/notifications'), '/notifications');
    });
    (0, node_test_1.it)('sends everything that could leave the site to the default page', () => {
        const hostile = [
            '//evil.example', '/\\evil.example', '\\\\evil.example', 'https:evil.example', 'https://evil.example/', 'http:/evil.example',
            'javascript:alert(1)', '%2F%2Fevil.example', '/%2F%2Fevil.example', '/%5Cevil.example', '%2f%5cevil.example', '/%252F%252Fevil.example',
            ' /evil', '/\tevil', '/\n/evil.example', 'evil.example', '', '/%E0%A4%A', 'data:text/html,x',
        ];
        for (const h of hostile)
            strict_1.default.equal((0, safe_next_1.safeNextPath)(h), '/', JSON.stringify(h));
        strict_1.default.equal((0, safe_next_1.safeNextPath)(['/a', '/b']), '/');
        strict_1.default.equal((0, safe_next_1.safeNextPath)(undefined, '/users/me'), '/users/me');
    });
});
//# sourceMappingURL=safe-next.spec.js.map