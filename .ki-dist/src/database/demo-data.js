"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.loadDemoData = loadDemoData;
const node_crypto_1 = require("node:crypto");
const advisories_service_1 = require("../advisories/advisories.service");
const advisory_import_1 = require("../advisories/advisory-import");
const known_issues_service_1 = require("../known-issues/known-issues.service");
const viewer_1 = require("../policy/viewer");
const users_service_1 = require("../users/users.service");
const MS04_044_json_1 = __importDefault(require("./demo/MS04-044.json"));
async function loadDemoData(app) {
    const { docs, problems } = (0, advisory_import_1.parseAdvisoryFile)(JSON.stringify(MS04_044_json_1.default));
    if (problems.length)
        throw new Error(`demo data is invalid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
    await app.get(advisories_service_1.AdvisoriesService).importDocuments(docs, { publish: true });
    const keeper = await app.get(users_service_1.UsersService).create({ username: 'hfr-moderator', email: 'demo-moderator@example.invalid', password: (0, node_crypto_1.randomBytes)(32).toString('base64url'), role: viewer_1.Role.Moderator });
    const moderator = (0, viewer_1.signedIn)(keeper.id, keeper.username, viewer_1.Role.Moderator);
    const issues = app.get(known_issues_service_1.KnownIssuesService);
    const veritas = await issues.create(moderator, 'MS04-044', {
        title: 'Windows 2000 で VERITAS Backup Exec 8.6 のスケジュール・バックアップが失敗する',
        symptom: 'KB885835 を Windows 2000 に適用すると、VERITAS Backup Exec 8.6 のスケジュール・バックアップが失敗し、アプリケーション・イベント ID 57480 が記録される場合がある。',
        platforms: ['win2000-sp3', 'win2000-sp4'],
        software: 'VERITAS Backup Exec 8.6',
        references: '891531',
        status: 'investigating',
        note: '複数の購読者から同じ症状の報告。',
    }, null);
    await issues.update(moderator, veritas.id, { ...issueFields(veritas), status: 'confirmed', note: 'マイクロソフトがサポート技術情報 891531 で不具合を公開。' });
    await issues.update(moderator, veritas.id, {
        ...issueFields(veritas),
        workaround: 'ベリタスソフトウェアのサポート窓口に問い合わせる。最新版の VERITAS Backup Exec 9.1 への更新も有効。',
        status: 'mitigated',
        note: '回避策(サポート窓口への問い合わせ、Backup Exec 9.1 への更新)を確認。',
    });
    await issues.create(moderator, 'MS04-044', {
        title: 'システム・パーティションが 7.8GB を超える Windows NT 4.0 が起動しなくなる',
        symptom: 'ntoskrnl.exe がディスク先頭から 7.8GB 以内の領域の外に格納されると、修正プログラムの適用後に OS が起動できない。',
        platforms: ['nt4-server-sp6a', 'nt4-tse-sp6'],
        workaround: 'ディスク管理ユーティリティでシステム・パーティションを 7.8GB 以下に抑えるか、ntoskrnl.exe の物理的な格納位置を変更する。',
        references: '224526',
        status: 'confirmed',
        note: 'Windows NT 4.0 の仕様(サポート技術情報 224526)による。',
    }, null);
}
function issueFields(i) {
    return { title: i.title, symptom: i.symptom, platforms: i.platforms, software: i.software, workaround: i.workaround, resolution: i.resolution, references: i.references.join('\n') };
}
//# sourceMappingURL=demo-data.js.map