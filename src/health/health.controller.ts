import { EntityManager } from '@mikro-orm/core';
import { Controller, Get, Header, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../common/decorators/public.decorator';

/** Liveness plus a real round trip to the database, for load balancers and monitoring. */
@Controller('healthz')
export class HealthController {
  constructor(private readonly em: EntityManager) {}

  @Public()
  @Get()
  @Header('Cache-Control', 'no-store')
  async check(@Res() res: Response) {
    try {
      await this.em.getConnection().execute('select 1');
      res.status(200).json({ status: 'ok', database: 'ok' });
    } catch {
      res.status(503).json({ status: 'error', database: 'unreachable' });
    }
  }
}
