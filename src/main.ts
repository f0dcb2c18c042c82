import 'reflect-metadata';
import { AppModule } from './app.module';
import { configureApp, createHttpApp } from './app.setup';
import { connectRedis } from './common/redis/redis';
import { GracefulShutdown } from './common/shutdown/graceful-shutdown';
import { ConfigError, loadConfigFromEnv } from './config/config';
import { prepareDatabase } from './prepare-database';

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
  // Checked before Nest starts, so that an unreachable Redis is one clear line, not a stack trace.
  if (config.redis) await connectRedis(config.redis.url).then((probe) => probe.quit());
  const app = await createHttpApp(AppModule.register(config), {
    logger: ['error', 'warn'],
    // A failed start (Redis unreachable, say) exits 1 with its reason below, rather than aborting with a core dump.
    abortOnError: false,
  });
  configureApp(app, config);
  // SIGTERM: drain HTTP (GracefulShutdown), then close the database and Redis, then exit 0.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  const onSignal = () => {
    app.get(GracefulShutdown).beginDraining();
    setTimeout(() => process.exit(1), (config.shutdownGraceSeconds + 10) * 1000).unref();
  };
  process.once('SIGTERM', onSignal).once('SIGINT', onSignal);
  const { demoLoaded } = await prepareDatabase(app);
  await app.listen(config.port, config.host);
  const where = config.database.engine === 'sqlite' ? `SQLite ${config.database.path}` : 'PostgreSQL';
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  if (demoLoaded) process.stdout.write('Demo bulletin MS04-044 loaded with its thread.\n');
  if (config.env === 'production' && config.database.engine === 'postgresql' && !config.redis) {
    process.stderr.write('Note: REDIS_URL is not set, so rate limits are counted per instance: set it when running several.\n');
  }
  process.stdout.write(`HFR BBS会議室 is listening on http://localhost:${port} (${where})\n`);
}

bootstrap().catch((err) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`Configuration error: ${err.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`Start-up failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
