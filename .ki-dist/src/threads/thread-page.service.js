"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.ThreadPageService = exports.pageOf = exports.POSTS_PER_PAGE = void 0;
exports.postPath = postPath;
exports.statsView = statsView;
const core_1 = require("@mikro-orm/core");
const common_1 = require("@nestjs/common");
const advisory_platform_entity_1 = require("../advisories/advisory-platform.entity");
const advisory_view_model_1 = require("../advisories/advisory.view-model");
const advisory_format_1 = require("../advisories/advisory-format");
const sql_1 = require("../database/sql");
const field_report_entity_1 = require("../field-reports/field-report.entity");
const platform_stat_entity_1 = require("../field-reports/platform-stat.entity");
const actions_1 = require("../policy/actions");
const policy_service_1 = require("../policy/policy.service");
const posts_service_1 = require("./posts.service");
const post_entity_1 = require("./post.entity");
const thread_entity_1 = require("./thread.entity");
exports.POSTS_PER_PAGE = 50;
const pageOf = (n) => Math.max(1, Math.ceil(n / exports.POSTS_PER_PAGE));
exports.pageOf = pageOf;
function postPath(advisoryId, number) {
    const page = (0, exports.pageOf)(number);
    return `${(0, advisory_view_model_1.threadPath)(advisoryId)}${page > 1 ? `?page=${page}` : ''}#p${number}`;
}
let ThreadPageService = class ThreadPageService {
    constructor(em, policy) {
        this.em = em;
        this.policy = policy;
    }
    async findThread(rawId, viewer) {
        const id = (0, advisory_format_1.normalizeAdvisoryId)(rawId);
        const em = this.em.fork();
        const thread = id ? await em.findOne(thread_entity_1.Thread, { advisory: id }, { populate: ['advisory'] }) : null;
        if (!thread || !this.policy.can(viewer, actions_1.Action.ViewThread, thread))
            throw new common_1.NotFoundException();
        const platforms = await em.find(advisory_platform_entity_1.AdvisoryPlatform, { advisory: thread.advisory }, { orderBy: { position: 'asc' } });
        return { thread, platforms };
    }
    async stats(threadId, platforms) {
        const rows = await this.em.fork().find(platform_stat_entity_1.PlatformStat, { thread: threadId });
        return statsView(rows, platforms);
    }
    async page(thread, platforms, viewer, page) {
        const em = this.em.fork();
        const first = (page - 1) * exports.POSTS_PER_PAGE + 1;
        const last = page * exports.POSTS_PER_PAGE;
        const posts = await em.find(post_entity_1.Post, { thread, number: { $gte: first, $lte: last } }, { orderBy: { number: 'asc' }, populate: ['author', 'replyTo'] });
        const reportIds = posts.filter((p) => p.isReport).map((p) => p.id);
        const reports = reportIds.length ? await em.find(field_report_entity_1.FieldReport, { post: { $in: reportIds } }, { populate: ['platform'] }) : [];
        const reportOf = new Map(reports.map((r) => [r.post.id, r]));
        const confirmationsByReport = await this.confirmationsByPlatform(em, reportIds, platforms);
        const mine = await this.confirmedByViewer(em, reportIds, viewer);
        const advisoryId = thread.advisory.id;
        const items = [];
        for (const post of posts) {
            const subject = { ...(0, posts_service_1.postSubject)(post, thread), isReport: post.isReport };
            const visible = this.policy.can(viewer, actions_1.Action.ViewPost, subject);
            if (!visible && post.state === 'held')
                continue;
            const report = reportOf.get(post.id);
            const showBody = visible && post.state !== 'deleted';
            items.push({
                id: post.id,
                number: post.number,
                anchor: `p${post.number}`,
                permalink: `/posts/${post.id}`,
                author: post.author.getEntity().username,
                createdAt: post.createdAt,
                state: post.state,
                isDeleted: post.state === 'deleted',
                isHiddenPlaceholder: !visible && post.state === 'hidden',
                isHeld: visible && post.state === 'held',
                isHidden: visible && post.state === 'hidden',
                bodyHtml: showBody ? post.bodyHtml : null,
                edited: post.editedAt !== null,
                canViewRevisions: showBody && post.editedAt !== null && this.policy.can(viewer, actions_1.Action.ViewRevisions, subject),
                replyTo: post.replyTo ? { number: post.replyTo.getEntity().number, url: postPath(advisoryId, post.replyTo.getEntity().number) } : null,
                report: showBody && report ? reportView(report, confirmationsByReport.get(post.id) ?? []) : null,
                canEdit: showBody && this.policy.can(viewer, actions_1.Action.EditPost, subject),
                canDelete: showBody && this.policy.can(viewer, actions_1.Action.DeletePost, subject),
                canReply: showBody && this.policy.can(viewer, actions_1.Action.CreatePost, thread),
                canConfirm: showBody && !!report && !mine.has(post.id) && this.policy.can(viewer, actions_1.Action.ConfirmReport, subject),
                confirmed: mine.has(post.id),
                canFlag: showBody && this.policy.can(viewer, actions_1.Action.FlagPost, subject),
                canHide: post.state === 'visible' && this.policy.can(viewer, actions_1.Action.ModeratePost, subject),
                canRestore: (post.state === 'hidden' || post.state === 'deleted') && this.policy.can(viewer, actions_1.Action.ModeratePost, subject),
                stateReason: visible ? post.stateReason : null,
                defaultPlatform: report?.platform?.getEntity().key ?? posts_service_1.OTHER_PLATFORM,
            });
        }
        return { posts: items, first, last };
    }
    async confirmedByViewer(em, reportIds, viewer) {
        if (viewer.isGuest || !reportIds.length)
            return new Set();
        const rows = await (0, sql_1.sql)(em, `select report_id from confirmations where user_id = ? and report_id in (${reportIds.map(() => '?').join(',')})`, [viewer.id, ...reportIds], 'all');
        return new Set(rows.map((r) => Number(r.report_id)));
    }
    async confirmationsByPlatform(em, reportIds, platforms) {
        const result = new Map();
        if (!reportIds.length)
            return result;
        const rows = await (0, sql_1.sql)(em, `select c.report_id as report_id, p.key as key, count(*) as n from confirmations c left join advisory_platforms p on p.id = c.platform_id
       where c.report_id in (${reportIds.map(() => '?').join(',')}) group by c.report_id, p.key`, reportIds, 'all');
        const labelOf = new Map(platforms.map((p) => [p.key, p.label]));
        for (const r of rows) {
            const list = result.get(Number(r.report_id)) ?? [];
            list.push({ label: r.key ? (labelOf.get(r.key) ?? r.key) : '', count: Number(r.n) });
            result.set(Number(r.report_id), list);
        }
        return result;
    }
};
exports.ThreadPageService = ThreadPageService;
exports.ThreadPageService = ThreadPageService = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [core_1.EntityManager,
        policy_service_1.PolicyService])
], ThreadPageService);
function reportView(report, confirmations) {
    return {
        platform: report.platform?.getEntity().label ?? null,
        platformOther: report.platformOther,
        outcome: report.outcome,
        outcomeKey: `outcome.${report.outcome}`,
        hosts: report.hosts,
        software: report.software,
        confirmationCount: report.confirmationCount,
        confirmations,
    };
}
function statsView(rows, platforms) {
    const cell = new Map(rows.map((r) => [`${r.platformKey}\u0000${r.outcome}`, r.reports + r.confirmations]));
    const keys = [...platforms.map((p) => ({ key: p.key, label: p.label })), { key: posts_service_1.OTHER_PLATFORM, label: null }];
    const lines = keys.map(({ key, label }) => {
        const counts = field_report_entity_1.OUTCOMES.map((o) => ({ outcome: o, key: `outcome.${o}`, count: Math.max(0, cell.get(`${key}\u0000${o}`) ?? 0) }));
        return { key, label, isOther: key === posts_service_1.OTHER_PLATFORM, counts, total: counts.reduce((a, c) => a + c.count, 0) };
    });
    const max = Math.max(1, ...lines.map((l) => l.total));
    const withBars = lines
        .filter((l) => !l.isOther || l.total > 0)
        .map((line) => {
        let x = 0;
        const bars = line.counts
            .filter((c) => c.count > 0)
            .map((c) => {
            const width = (c.count / max) * 100;
            const bar = { outcome: c.outcome, x: x.toFixed(2), width: width.toFixed(2), count: c.count };
            x += width;
            return bar;
        });
        return { ...line, bars };
    });
    return {
        outcomes: field_report_entity_1.OUTCOMES.map((o) => ({ outcome: o, key: `outcome.${o}` })),
        lines: withBars,
        total: lines.reduce((a, l) => a + l.total, 0),
    };
}
//# sourceMappingURL=thread-page.service.js.map