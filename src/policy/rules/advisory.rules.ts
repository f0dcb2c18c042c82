import { Advisory } from '../../advisories/advisory.entity';
import { Action } from '../actions';
import { Role, Viewer } from '../viewer';
import { RuleTable } from './rule-table';

const editsBulletins = (viewer: Viewer) => viewer.role === Role.Editor || viewer.role === Role.Admin;

/** Published bulletins are public; drafts only for editors and admins. */
export const advisoryRules: RuleTable = {
  [Action.ViewAdvisory]: (viewer, advisory) => (advisory as Advisory).isPublished || editsBulletins(viewer),
  [Action.ViewDraftAdvisories]: (viewer) => editsBulletins(viewer),
};
