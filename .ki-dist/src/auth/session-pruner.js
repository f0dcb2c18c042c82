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
var __param = (this && this.__param) || function (paramIndex, decorator) {
    return function (target, key) { decorator(target, key, paramIndex); }
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.SessionPruner = void 0;
const common_1 = require("@nestjs/common");
const auth_tokens_1 = require("./auth.tokens");
const session_store_1 = require("./session-store");
const EVERY_MS = 60 * 60 * 1000;
let SessionPruner = class SessionPruner {
    constructor(store) {
        this.store = store;
        this.timer = null;
        this.logger = new common_1.Logger('Sessions');
    }
    onModuleInit() {
        this.timer = setInterval(() => {
            this.store.prune().catch((err) => this.logger.warn(`pruning expired sessions failed: ${err.message}`));
        }, EVERY_MS);
        this.timer.unref();
    }
    onModuleDestroy() {
        if (this.timer)
            clearInterval(this.timer);
    }
};
exports.SessionPruner = SessionPruner;
exports.SessionPruner = SessionPruner = __decorate([
    (0, common_1.Injectable)(),
    __param(0, (0, common_1.Inject)(auth_tokens_1.SESSION_STORE)),
    __metadata("design:paramtypes", [session_store_1.DbSessionStore])
], SessionPruner);
//# sourceMappingURL=session-pruner.js.map