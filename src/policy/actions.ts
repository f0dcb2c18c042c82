/** Every permission the board checks. An action with no rule is denied (STYLE rule 5). */
export enum Action {
  ViewAdvisory = 'advisory.view',
  ViewDraftAdvisories = 'advisory.viewDrafts',
  ViewThread = 'thread.view',
  CreatePost = 'post.create',
  ViewPost = 'post.view',
  EditPost = 'post.edit',
  ModerateQueue = 'moderation.queue',
  SignIn = 'account.signIn',
  ChangeOwnPassword = 'account.changePassword',
  ViewProfile = 'user.viewProfile',
  ManageUsers = 'user.manage',
  ChangeRole = 'user.changeRole',
}
