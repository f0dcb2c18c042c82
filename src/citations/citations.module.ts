import { Module } from '@nestjs/common';
import { CitationsRepository } from './citations.repository';
import { CitationsService } from './citations.service';

@Module({ providers: [CitationsService, CitationsRepository], exports: [CitationsService, CitationsRepository] })
export class CitationsModule {}
