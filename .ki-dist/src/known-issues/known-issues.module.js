"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.KnownIssuesModule = void 0;
const common_1 = require("@nestjs/common");
const known_issues_controller_1 = require("./known-issues.controller");
const known_issues_service_1 = require("./known-issues.service");
let KnownIssuesModule = class KnownIssuesModule {
};
exports.KnownIssuesModule = KnownIssuesModule;
exports.KnownIssuesModule = KnownIssuesModule = __decorate([
    (0, common_1.Module)({ controllers: [known_issues_controller_1.KnownIssuesController], providers: [known_issues_service_1.KnownIssuesService], exports: [known_issues_service_1.KnownIssuesService] })
], KnownIssuesModule);
//# sourceMappingURL=known-issues.module.js.map