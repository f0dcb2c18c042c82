import { Injectable } from '@nestjs/common';
import { VerdictsService } from './verdicts.service';
import { wilsonLowerBound } from './verdict';

/** The most reports any threshold is explained with (beyond it: "never"). */
const EXPLAINED_UP_TO = 10000;

/** The explanation of verdicts, with the thresholds this board is configured with. */
@Injectable()
export class GuidancePageService {
  constructor(private readonly verdicts: VerdictsService) {}

  help() {
    const t = this.verdicts.thresholds;
    return {
      titleKey: 'verdicts.help.title',
      minReports: t.minReports,
      deployPercent: Math.round(t.deployLowerBound * 1000) / 10,
      holdPercent: Math.round(t.holdFailureBound * 1000) / 10,
      // What the bounds mean in reports: clean ones to deploy, failures alone to hold.
      cleanToDeploy: fewest((n) => n >= t.minReports && wilsonLowerBound(n, n) >= t.deployLowerBound),
      failuresToHold: fewest((n) => wilsonLowerBound(n, n) > t.holdFailureBound),
    };
  }
}

/** The smallest n from 1 for which the test holds, or null. */
function fewest(test: (n: number) => boolean): number | null {
  for (let n = 1; n <= EXPLAINED_UP_TO; n++) if (test(n)) return n;
  return null;
}
