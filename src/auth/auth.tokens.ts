/** The session store, shared by the session middleware and the password change (to end other sessions). */
export const SESSION_STORE = Symbol('SESSION_STORE');
