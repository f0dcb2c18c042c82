import { Module } from '@nestjs/common';
import { AuditModule } from '../moderation/audit.module';
import { UsersController } from './users.controller';
import { UsersPageService } from './users-page.service';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [AuditModule],
  controllers: [UsersController],
  providers: [UsersService, UsersPageService, UsersRepository],
  exports: [UsersService, UsersRepository, UsersPageService],
})
export class UsersModule {}
