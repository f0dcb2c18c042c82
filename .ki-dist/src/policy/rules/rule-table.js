"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=rule-table.js.map