import { Reason } from '../../common/forms/form-fields';
import { LIMITS } from '../../common/limits';

/** Promoting or dismissing an emerging group: the reason the audit log keeps (and a promoted issue's first note). */
export class EmergingReasonForm {
  @Reason(LIMITS.reason)
  reason: string;
}
