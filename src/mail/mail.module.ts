import { Module } from '@nestjs/common';
import { AdvisoriesModule } from '../advisories/advisories.module';
import { FieldReportsModule } from '../field-reports/field-reports.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PostEventsModule } from '../threads/post-events';
import { ThreadsModule } from '../threads/threads.module';
import { UsersModule } from '../users/users.module';
import { DigestScheduler } from './digest.scheduler';
import { MailController } from './mail.controller';
import { MailRepository } from './mail.repository';
import { MailSender } from './mail.sender';
import { MailPageService } from './mail-page.service';
import { MailService } from './mail.service';

/** Email notifications: the outbox written with each event (subscribed to the posts' events and the watchers' news), its background sender, the digest, unsubscribe. */
@Module({
  imports: [ThreadsModule, UsersModule, AdvisoriesModule, FieldReportsModule, NotificationsModule, PostEventsModule],
  controllers: [MailController],
  providers: [MailService, MailPageService, MailSender, DigestScheduler, MailRepository],
  exports: [MailService, MailSender, MailRepository],
})
export class MailModule {}
