"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.createViewEngine = createViewEngine;
const handlebars_1 = __importDefault(require("handlebars"));
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
const helpers_1 = require("./helpers");
function createViewEngine(viewsDir) {
    const hbs = handlebars_1.default.create();
    (0, helpers_1.registerHelpers)(hbs);
    const templates = new Map();
    for (const file of walk(viewsDir)) {
        if (!file.endsWith('.hbs'))
            continue;
        const name = (0, node_path_1.relative)(viewsDir, file).split(node_path_1.sep).join('/').replace(/\.hbs$/, '');
        const source = (0, node_fs_1.readFileSync)(file, 'utf8');
        if (name.startsWith('partials/')) {
            hbs.registerPartial(name.slice('partials/'.length), source);
        }
        else {
            templates.set(name, hbs.compile(source, { strict: false, preventIndent: true }));
        }
    }
    function render(name, data) {
        const template = templates.get(name);
        if (!template)
            throw new Error(`unknown view "${name}"`);
        const body = template(data, { allowProtoPropertiesByDefault: false });
        const layoutName = data.layout === undefined ? 'layouts/main' : data.layout;
        if (!layoutName)
            return body;
        const layout = templates.get(`layouts/${String(layoutName).replace(/^layouts\//, '')}`);
        if (!layout)
            throw new Error(`unknown layout "${String(layoutName)}"`);
        return layout({ ...data, body });
    }
    function expressEngine(filePath, options, callback) {
        try {
            const name = (0, node_path_1.relative)(viewsDir, filePath).split(node_path_1.sep).join('/').replace(/\.hbs$/, '');
            callback(null, render(name, options));
        }
        catch (err) {
            callback(err);
        }
    }
    return { render, expressEngine };
}
function walk(dir) {
    return (0, node_fs_1.readdirSync)(dir).flatMap((entry) => {
        const full = (0, node_path_1.join)(dir, entry);
        return (0, node_fs_1.statSync)(full).isDirectory() ? walk(full) : [full];
    });
}
//# sourceMappingURL=view-engine.js.map