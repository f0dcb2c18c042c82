import { EntityManager } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { one } from '../database/sql';
import { statement } from '../database/statement';

const PING = statement<{ ok: number }>('HealthRepository.ping', 'select 1 as ok');

/** A real round trip to the database through the ORM's connection. */
@Injectable()
export class HealthRepository {
  constructor(private readonly em: EntityManager) {}

  async ping(): Promise<void> {
    await one(this.em.fork(), PING);
  }
}
