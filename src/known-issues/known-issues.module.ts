import { Module } from '@nestjs/common';
import { KnownIssuesController } from './known-issues.controller';
import { KnownIssuesService } from './known-issues.service';

@Module({ controllers: [KnownIssuesController], providers: [KnownIssuesService], exports: [KnownIssuesService] })
export class KnownIssuesModule {}
