"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.MAX_BODY_CHARS = void 0;
exports.renderMarkdown = renderMarkdown;
exports.quoteMarkdown = quoteMarkdown;
const markdown_it_1 = __importDefault(require("markdown-it"));
exports.MAX_BODY_CHARS = 20000;
const sanitizeHtml = require('sanitize-html');
const LINK_REL = 'nofollow ugc noopener';
const ALIGN_CLASSES = ['align-left', 'align-center', 'align-right'];
const SAFE_HREF = /^(?:https?:\/\/|mailto:)/i;
const TEXT_ALIGN = /^\s*text-align\s*:\s*(left|center|right)\s*;?\s*$/i;
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;
const NON_ASCII_RUN = /[^\u0000-\u007f]+/;
const ASCII_RUN = /[\u0000-\u007f]+/g;
const md = new markdown_it_1.default('default', { html: false, linkify: true, breaks: true, typographer: false });
md.disable('image');
md.core.ruler.push('hfr_heading_levels', (state) => {
    for (const token of state.tokens) {
        if (token.type === 'heading_open' || token.type === 'heading_close')
            token.tag = `h${Math.min(Number(token.tag.slice(1)) + 2, 4)}`;
    }
    return true;
});
stopBareUrlsAtNonAscii(md.linkify);
const sanitizeOptions = {
    allowedTags: ['p', 'br', 'em', 'strong', 'del', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'h3', 'h4', 'hr'],
    allowedAttributes: { a: ['href', 'rel'], th: ['class'], td: ['class'] },
    allowedClasses: { th: ALIGN_CLASSES, td: ALIGN_CLASSES },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: {},
    allowedSchemesAppliedToAttributes: ['href'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    enforceHtmlBoundary: false,
    parseStyleAttributes: false,
    transformTags: {
        a: linkWithRel,
        th: alignToClass,
        td: alignToClass,
    },
    exclusiveFilter: (frame) => (frame.tag === 'a' && !frame.attribs.href ? 'excludeTag' : false),
};
function renderMarkdown(source) {
    return sanitizeHtml(md.render(cleanSource(source)), sanitizeOptions);
}
function quoteMarkdown(authorName, postNumber, source) {
    if (!Number.isSafeInteger(postNumber) || postNumber < 1)
        throw new RangeError(`not a post number: ${postNumber}`);
    const name = escapeInline(cleanSource(authorName).replace(/\s+/g, ' ').trim());
    const lines = cleanSource(source).replace(/\n+$/, '').split('\n');
    return [`> **#${postNumber} ${name}** さん:`, '>', ...lines.map((line) => (line === '' ? '>' : `> ${line}`))].join('\n') + '\n\n';
}
function cleanSource(source) {
    return source.replace(/\r\n?/g, '\n').replace(CONTROL_CHARS, '');
}
function escapeInline(text) {
    return text.replace(/[!-/:-@[-`{-~]/g, '\\$&');
}
function alignToClass(tagName, attribs) {
    const align = TEXT_ALIGN.exec(attribs.style ?? '')?.[1]?.toLowerCase();
    return { tagName, attribs: align ? { class: `align-${align}` } : {} };
}
function linkWithRel(tagName, attribs) {
    const href = attribs.href ?? '';
    return { tagName, attribs: SAFE_HREF.test(href) ? { href, rel: LINK_REL } : {} };
}
function stopBareUrlsAtNonAscii(linkify) {
    const test = linkify.test.bind(linkify);
    const match = linkify.match.bind(linkify);
    const matchAtStart = linkify.matchAtStart.bind(linkify);
    const asciiRuns = (text) => Array.from(text.matchAll(ASCII_RUN), (run) => ({ text: run[0], offset: run.index }));
    linkify.test = (text) => asciiRuns(text).some((run) => test(run.text));
    linkify.matchAtStart = (text) => matchAtStart(text.split(NON_ASCII_RUN, 1)[0]);
    linkify.match = (text) => asciiRuns(text).flatMap((run) => (match(run.text) ?? [])
        .filter(isSchemeOrWww)
        .map((link) => Object.assign(link, { index: link.index + run.offset, lastIndex: link.lastIndex + run.offset })));
}
function isSchemeOrWww(link) {
    return link.schema !== '' || /^www\./i.test(link.raw);
}
//# sourceMappingURL=markdown.js.map