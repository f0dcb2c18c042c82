/** Every permission the board checks. An action with no rule is denied (STYLE rule 5). */
export enum Action {
  ViewAdvisory = 'advisory.view',
  ViewDraftAdvisories = 'advisory.viewDrafts',
  ViewThread = 'thread.view',
}
