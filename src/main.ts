import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configureApp, NEST_OPTIONS } from './app.setup';
import { ConfigError, loadConfigFromEnv } from './config/config';
import { prepareDatabase } from './database/prepare-database';

async function bootstrap() {
  let config;
  try {
    config = loadConfigFromEnv();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), {
    ...NEST_OPTIONS,
    logger: ['error', 'warn'],
  });
  configureApp(app, config);
  app.enableShutdownHooks();
  const { demoLoaded } = await prepareDatabase(app);
  await app.listen(config.port, config.host);
  const where = config.database.engine === 'sqlite' ? `SQLite ${config.database.path}` : 'PostgreSQL';
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  if (demoLoaded) process.stdout.write('Demo bulletin MS04-044 loaded with its thread.\n');
  process.stdout.write(`HFR BBS会議室 is listening on http://localhost:${port} (${where})\n`);
}

bootstrap().catch((err) => {
  process.stderr.write(`Start-up failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
