import { EntityManager } from '@mikro-orm/core';
import { Controller, Get, NotFoundException, Param, Render } from '@nestjs/common';
import { advisoryPath } from '../advisories/advisory.view-model';
import { normalizeAdvisoryId } from '../advisories/advisory-format';
import { CurrentViewer } from '../common/decorators/current-viewer.decorator';
import { Public } from '../common/decorators/public.decorator';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { Viewer } from '../policy/viewer';
import { Thread } from './thread.entity';

@Controller('advisories/:id/thread')
export class ThreadsController {
  constructor(
    private readonly em: EntityManager,
    private readonly policy: PolicyService,
  ) {}

  @Public()
  @Get()
  @Render('threads/show')
  async show(@Param('id') rawId: string, @CurrentViewer() viewer: Viewer) {
    const id = normalizeAdvisoryId(rawId);
    const thread = id ? await this.em.findOne(Thread, { advisory: id }, { populate: ['advisory'] }) : null;
    if (!thread || !this.policy.can(viewer, Action.ViewThread, thread)) throw new NotFoundException();
    const a = thread.advisory;
    return {
      title: `${a.id} — HFR BBS会議室`,
      thread: { postCount: thread.postCount, locked: thread.locked },
      advisory: { id: a.id, kb: a.kb, title: a.title, url: advisoryPath(a.id) },
    };
  }
}
