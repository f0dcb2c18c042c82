import { DEFAULT_LOCALE } from '../common/i18n/i18n';
import { VERDICTS_ANCHOR, VERDICTS_HELP_PATH } from '../paths';
import { PlatformVerdict, reasonKey, verdictKey, verdictText, worstVerdict } from './verdict';

/** The verdicts as the pages show them: per platform its name and one-line reason (catalog keys), and where they are explained. */
export function verdictsView(verdicts: readonly PlatformVerdict[]) {
  const worst = worstVerdict(verdicts);
  return {
    items: verdicts.map((v) => ({
      platform: v.platform,
      label: v.label,
      verdict: v.verdict,
      verdictKey: verdictKey(v.verdict),
      reasonKey: reasonKey(v.reason),
      reasonParams: v.reason.params,
    })),
    worst,
    worstKey: worst ? verdictKey(worst) : null,
    helpUrl: VERDICTS_HELP_PATH,
    anchor: VERDICTS_ANCHOR,
  };
}

/** A verdict as summary.json and status.json send it (DESIGN "Deploy guidance"), its reason in the board's language. */
export function verdictJson(v: PlatformVerdict) {
  return {
    platform: v.platform,
    verdict: v.verdict,
    reason: verdictText(DEFAULT_LOCALE, v).reason,
    reports: v.reports,
    hosts: v.hosts,
    successLowerBound: v.successLowerBound,
    knownIssueIds: v.knownIssueIds,
  };
}

export type VerdictsView = ReturnType<typeof verdictsView>;
