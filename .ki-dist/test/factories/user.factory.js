"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.TEST_PASSWORD = void 0;
exports.createUser = createUser;
exports.csrfFrom = csrfFrom;
exports.signIn = signIn;
exports.signedInAgent = signedInAgent;
exports.signInCookie = signInCookie;
const supertest_1 = __importDefault(require("supertest"));
const users_service_1 = require("../../src/users/users.service");
let sequence = 1;
exports.TEST_PASSWORD = 'correct horse battery';
async function createUser(app, overrides = {}) {
    const n = sequence++;
    return app.get(users_service_1.UsersService).create({
        username: overrides.username ?? `member${n}`,
        email: overrides.email ?? `member${n}@example.test`,
        password: overrides.password ?? exports.TEST_PASSWORD,
        role: overrides.role,
    });
}
function csrfFrom(html) {
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (!token)
        throw new Error('no _csrf field on the page');
    return token;
}
async function signIn(agent, username, password = exports.TEST_PASSWORD) {
    const page = await agent.get('/login').expect(200);
    await agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), username, password }).expect(303);
}
async function signedInAgent(app, role) {
    const user = await createUser(app, { role });
    const agent = supertest_1.default.agent(app.getHttpServer());
    await signIn(agent, user.username);
    return { agent, user };
}
async function signInCookie(http, username, password = exports.TEST_PASSWORD) {
    const page = await (0, supertest_1.default)(http).get('/login').expect(200);
    const guest = String(page.headers['set-cookie']).split(';')[0];
    const res = await (0, supertest_1.default)(http).post('/login').set('Cookie', guest).type('form').send({ _csrf: csrfFrom(page.text), username, password }).expect(303);
    return String(res.headers['set-cookie']).split(';')[0];
}
//# sourceMappingURL=user.factory.js.map