"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
const config_1 = require("./config");
const mikro_orm_config_1 = require("./mikro-orm.config");
exports.default = (0, mikro_orm_config_1.ormOptions)((0, config_1.loadConfigFromEnv)(), true);
//# sourceMappingURL=mikro-orm.cli.js.map