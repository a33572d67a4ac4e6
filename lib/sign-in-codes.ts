/** The code of the 429 a throttled account answers (server/auth/account-throttle.ts), which the sign-in form reads. */
export const ACCOUNT_THROTTLED_CODE = 'TOO_MANY_FAILED_SIGN_INS';
