import { Action } from '../actions';
import { Viewer } from '../viewer';

export type Rule = (viewer: Viewer, subject?: unknown) => boolean;
export type RuleTable = Partial<Record<Action, Rule>>;
