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
exports.AdvisoriesService = void 0;
const core_1 = require("@mikro-orm/core");
const common_1 = require("@nestjs/common");
const thread_entity_1 = require("../threads/thread.entity");
const advisory_format_1 = require("./advisory-format");
const advisory_platform_entity_1 = require("./advisory-platform.entity");
const advisory_entity_1 = require("./advisory.entity");
let AdvisoriesService = class AdvisoriesService {
    constructor(em) {
        this.em = em;
    }
    async importDocuments(docs, options) {
        return this.em.transactional(async (em) => {
            const outcomes = [];
            for (const doc of docs) {
                let advisory = await em.findOne(advisory_entity_1.Advisory, { id: doc.id }, { populate: ['platforms'] });
                const created = !advisory;
                if (!advisory) {
                    advisory = new advisory_entity_1.Advisory(doc.id, doc.title, doc.registeredOn, doc.updatedOn, doc.severity, doc.countermeasure);
                    em.persist(advisory);
                }
                const a = advisory;
                applyDocument(a, doc);
                syncPlatforms(em, a, doc);
                if (options.publish && !a.isPublished) {
                    a.status = advisory_entity_1.AdvisoryStatus.Published;
                    a.publishedAt = new Date();
                }
                if (a.isPublished && !(await em.findOne(thread_entity_1.Thread, { advisory: a }))) {
                    em.persist(new thread_entity_1.Thread(a));
                }
                outcomes.push({ id: a.id, created, published: a.isPublished });
            }
            return outcomes;
        });
    }
    findById(id) {
        return this.em.findOne(advisory_entity_1.Advisory, { id }, { populate: ['platforms'] });
    }
    async listPublished(after, limit) {
        const where = after
            ? {
                status: advisory_entity_1.AdvisoryStatus.Published,
                $or: [{ updatedOn: { $lt: after.updatedOn } }, { updatedOn: after.updatedOn, id: { $lt: after.id } }],
            }
            : { status: advisory_entity_1.AdvisoryStatus.Published };
        const rows = await this.em.find(advisory_entity_1.Advisory, where, {
            orderBy: [{ updatedOn: 'desc' }, { id: 'desc' }],
            limit: limit + 1,
            fields: ['id', 'kb', 'title', 'registeredOn', 'updatedOn', 'severity', 'countermeasure', 'status'],
        });
        const items = rows.slice(0, limit);
        const last = items[items.length - 1];
        return { items, next: rows.length > limit && last ? { updatedOn: last.updatedOn, id: last.id } : null };
    }
    toDocument(a) {
        const doc = this.rawDocument(a);
        return (0, advisory_format_1.validateAdvisory)(doc).doc ?? doc;
    }
    rawDocument(a) {
        const doc = {
            id: a.id,
            kb: a.kb,
            title: a.title,
            ...(a.officialTitle ? { officialTitle: a.officialTitle } : {}),
            registeredOn: a.registeredOn,
            updatedOn: a.updatedOn,
            severity: a.severity,
            exploitCodePublic: a.exploitCodePublic,
            countermeasure: a.countermeasure,
            rebootRequired: a.rebootRequired,
            uninstallable: a.uninstallable,
            targets: a.targets,
            ...(a.vulnerabilityId ? { vulnerabilityId: a.vulnerabilityId } : {}),
            references: a.references,
            relatedAdvisories: a.relatedAdvisories,
            summary: a.summary,
            vulnerabilities: a.vulnerabilities,
            platforms: a.platforms.getItems().map((p) => ({ key: p.key, label: p.label, product: p.product })),
            labTestedOn: a.labTestedOn,
            editorNotes: a.editorNotes,
            packages: a.packages,
        };
        return doc;
    }
};
exports.AdvisoriesService = AdvisoriesService;
exports.AdvisoriesService = AdvisoriesService = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [core_1.EntityManager])
], AdvisoriesService);
function applyDocument(a, doc) {
    a.kb = doc.kb;
    a.title = doc.title;
    a.officialTitle = doc.officialTitle ?? null;
    a.registeredOn = doc.registeredOn;
    a.updatedOn = doc.updatedOn;
    a.severity = doc.severity;
    a.exploitCodePublic = doc.exploitCodePublic;
    a.countermeasure = doc.countermeasure;
    a.rebootRequired = doc.rebootRequired;
    a.uninstallable = doc.uninstallable;
    a.targets = doc.targets;
    a.vulnerabilityId = doc.vulnerabilityId ?? null;
    a.references = doc.references;
    a.relatedAdvisories = doc.relatedAdvisories;
    a.summary = doc.summary;
    a.vulnerabilities = doc.vulnerabilities;
    a.labTestedOn = doc.labTestedOn;
    a.editorNotes = doc.editorNotes;
    a.packages = doc.packages;
}
function syncPlatforms(em, a, doc) {
    const existing = new Map(a.platforms.getItems().map((p) => [p.key, p]));
    doc.platforms.forEach((p, position) => {
        const row = existing.get(p.key);
        if (row) {
            row.label = p.label;
            row.product = p.product;
            row.position = position;
            existing.delete(p.key);
        }
        else {
            a.platforms.add(new advisory_platform_entity_1.AdvisoryPlatform(a, p.key, p.label, p.product, position));
        }
    });
    for (const gone of existing.values()) {
        a.platforms.remove(gone);
        em.remove(gone);
    }
}
//# sourceMappingURL=advisories.service.js.map