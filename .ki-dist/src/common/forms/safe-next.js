"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.safeNextPath = safeNextPath;
function safeNextPath(raw, fallback = '/') {
    if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2000)
        return fallback;
    let decoded = raw;
    for (let i = 0; i < 3; i++) {
        try {
            const once = decodeURIComponent(decoded);
            if (once === decoded)
                break;
            decoded = once;
        }
        catch {
            return fallback;
        }
    }
    for (const candidate of [raw, decoded]) {
        if (!candidate.startsWith('/'))
            return fallback;
        if (candidate.startsWith('//') || candidate.startsWith('/\\'))
            return fallback;
        if (/[\u0000-\u001f\u007f\\]/.test(candidate))
            return fallback;
    }
    const resolved = new URL(raw, 'http://board.invalid');
    return resolved.origin === 'http://board.invalid' ? resolved.pathname + resolved.search + resolved.hash : fallback;
}
//# sourceMappingURL=safe-next.js.map