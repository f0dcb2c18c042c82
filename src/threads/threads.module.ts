import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { Thread } from './thread.entity';
import { ThreadsController } from './threads.controller';

@Module({
  imports: [MikroOrmModule.forFeature([Thread])],
  controllers: [ThreadsController],
})
export class ThreadsModule {}
