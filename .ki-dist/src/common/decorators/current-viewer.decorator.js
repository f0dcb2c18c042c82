"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CurrentViewer = void 0;
const common_1 = require("@nestjs/common");
const viewer_1 = require("../../policy/viewer");
exports.CurrentViewer = (0, common_1.createParamDecorator)((_, ctx) => {
    const req = ctx.switchToHttp().getRequest();
    return req.viewer ?? viewer_1.GUEST;
});
//# sourceMappingURL=current-viewer.decorator.js.map