import { Module } from '@nestjs/common';
import { RateLimitModule } from '../common/rate-limit/rate-limit.module';
import { FieldReportsModule } from '../field-reports/field-reports.module';
import { GuidanceModule } from '../guidance/guidance.module';
import { KnownIssuesModule } from '../known-issues/known-issues.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PageCacheModule } from '../page-cache/page-cache.module';
import { UsersModule } from '../users/users.module';
import { PostEventsModule } from './post-events';
import { PostsController } from './posts.controller';
import { PostsRepository } from './posts.repository';
import { PostsService } from './posts.service';
import { ThreadPageRepository } from './thread-page.repository';
import { ThreadPageService } from './thread-page.service';
import { PostPageService } from './post-page.service';
import { ProfileController } from './profile.controller';
import { ProfilePageService } from './profile-page.service';
import { ThreadsController } from './threads.controller';
import { ThreadsRepository } from './threads.repository';

@Module({
  imports: [
    FieldReportsModule,
    GuidanceModule,
    KnownIssuesModule,
    UsersModule,
    NotificationsModule,
    RateLimitModule,
    PostEventsModule,
    PageCacheModule,
  ],
  controllers: [ThreadsController, PostsController, ProfileController],
  providers: [
    PostsService,
    ThreadPageService,
    PostPageService,
    ProfilePageService,
    ThreadsRepository,
    ThreadPageRepository,
    PostsRepository,
  ],
  exports: [ThreadPageService, PostsService, ThreadsRepository, PostsRepository],
})
export class ThreadsModule {}
