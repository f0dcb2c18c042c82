/** The one-click unsubscribe address; the CSRF check exempts POSTs to exactly this path (see auth.setup.ts). */
export const UNSUBSCRIBE_PATH = '/mail/unsubscribe';
export const UNSUBSCRIBED_PATH = '/mail/unsubscribed';
export const WATCHES_PATH = '/notifications/watches';
