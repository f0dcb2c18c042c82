import { Injectable } from '@nestjs/common';
import { GUEST } from '../policy/viewer';
import { ThreadPageService } from '../threads/thread-page.service';
import { trendPicture } from './trend-svg';

/** The trend picture, built for guests as the badge is: an unknown id or a draft is a 404. */
@Injectable()
export class TrendPageService {
  constructor(private readonly threads: ThreadPageService) {}

  async picture(rawId: string) {
    const { head } = await this.threads.head(rawId, GUEST);
    return trendPicture(head.advisory.id, await this.threads.trend(head.id, head.advisory.publishedAt));
  }
}
