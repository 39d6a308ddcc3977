/**
 * What the Node-side setup seeds and the tests inside workerd sign in with (no imports: both sides
 * use it).
 */
export const OWNER = {
  email: 'owner@workers.test',
  password: 'owner password for workerd',
  orgName: 'Workers Test Org',
};
export const PUBLIC_URL = 'https://invitations.test';
export const TOKEN_SECRET = 'workers-test-secret-that-is-long-enough-0123';
export const MAIL_FROM = 'Invitations <no-reply@invitations.test>';
export const SMS = {
  accountSid: 'AC0123456789abcdef0123456789abcdef',
  authToken: 'sms-test-auth-token',
  from: '+15005550006',
};
