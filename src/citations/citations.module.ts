import { Module } from '@nestjs/common';
import { CitationsService } from './citations.service';

@Module({ providers: [CitationsService], exports: [CitationsService] })
export class CitationsModule {}
