import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import type Redis from 'ioredis';
import { Public } from '../common/decorators/public.decorator';
import { REDIS } from '../common/redis/redis';
import { GracefulShutdown } from '../common/shutdown/graceful-shutdown';
import { HealthRepository } from './health.repository';

/** Liveness plus a real round trip to the database (and Redis when configured), for load balancers and monitoring. */
@Controller('healthz')
export class HealthController {
  constructor(
    private readonly database: HealthRepository,
    private readonly shutdown: GracefulShutdown,
    @Inject(REDIS) private readonly redis: Redis | null,
  ) {}

  @Public()
  @Get()
  @Header('Cache-Control', 'no-store')
  async check(@Res() res: Response) {
    const [database, redis] = await Promise.all([
      this.database.ping().then(
        () => 'ok',
        () => 'unreachable',
      ),
      this.redis
        ? this.redis.ping().then(
            () => 'ok',
            () => 'unreachable',
          )
        : Promise.resolve(undefined),
    ]);
    // A draining instance says so, so that the load balancer stops sending it requests.
    const status = this.shutdown.isDraining ? 'shutting-down' : database === 'ok' && redis !== 'unreachable' ? 'ok' : 'error';
    res.status(status === 'ok' ? 200 : 503).json({ status, database, ...(redis ? { redis } : {}) });
  }
}
