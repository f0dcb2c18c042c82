import { VERDICTS_HELP_PATH } from '../paths';
import { PlatformVerdict, reasonKey, verdictKey, worstVerdict } from './verdict';

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
  };
}

export type VerdictsView = ReturnType<typeof verdictsView>;
