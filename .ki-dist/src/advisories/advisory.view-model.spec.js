"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const advisory_view_model_1 = require("./advisory.view-model");
(0, node_test_1.describe)('joinPlatformLabels', () => {
    (0, node_test_1.it)('names platform groups the way the bulletin does', () => {
        strict_1.default.equal((0, advisory_view_model_1.joinPlatformLabels)(['Windows XP SP1', 'Windows XP SP1a', 'Windows XP SP2']), 'Windows XP SP1/SP1a/SP2');
        strict_1.default.equal((0, advisory_view_model_1.joinPlatformLabels)(['Windows 2000 SP3', 'Windows 2000 SP4']), 'Windows 2000 SP3/SP4');
        strict_1.default.equal((0, advisory_view_model_1.joinPlatformLabels)(['Windows Server 2003']), 'Windows Server 2003');
    });
    (0, node_test_1.it)('falls back to a plain list when the labels share no leading words', () => {
        strict_1.default.equal((0, advisory_view_model_1.joinPlatformLabels)(['Windows 2000 SP4', 'Windows Server 2003']), 'Windows 2000 SP4/Server 2003');
        strict_1.default.equal((0, advisory_view_model_1.joinPlatformLabels)(['NT4', 'Windows XP']), 'NT4 / Windows XP');
        strict_1.default.equal((0, advisory_view_model_1.joinPlatformLabels)([]), '');
    });
});
//# sourceMappingURL=advisory.view-model.spec.js.map