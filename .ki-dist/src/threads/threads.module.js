"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.ThreadsModule = void 0;
const common_1 = require("@nestjs/common");
const field_reports_module_1 = require("../field-reports/field-reports.module");
const known_issues_module_1 = require("../known-issues/known-issues.module");
const posts_controller_1 = require("./posts.controller");
const posts_service_1 = require("./posts.service");
const thread_page_service_1 = require("./thread-page.service");
const threads_controller_1 = require("./threads.controller");
let ThreadsModule = class ThreadsModule {
};
exports.ThreadsModule = ThreadsModule;
exports.ThreadsModule = ThreadsModule = __decorate([
    (0, common_1.Module)({
        imports: [field_reports_module_1.FieldReportsModule, known_issues_module_1.KnownIssuesModule],
        controllers: [threads_controller_1.ThreadsController, posts_controller_1.PostsController],
        providers: [posts_service_1.PostsService, thread_page_service_1.ThreadPageService],
        exports: [thread_page_service_1.ThreadPageService, posts_service_1.PostsService],
    })
], ThreadsModule);
//# sourceMappingURL=threads.module.js.map