import { Module } from '@nestjs/common';
import { ConfirmationsService } from './confirmations.service';
import { FieldReportsRepository } from './field-reports.repository';

@Module({ providers: [ConfirmationsService, FieldReportsRepository], exports: [ConfirmationsService, FieldReportsRepository] })
export class FieldReportsModule {}
