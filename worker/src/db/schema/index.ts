/**
 * The whole data model, one file per feature. Times are integer milliseconds since
 * the epoch; statuses are closed text enums; every list the API serves has an index that matches
 * its filter and its newest-first order. drizzle.config.ts reads this file.
 */
export * from './accounts';
export * from './api-keys';
export * from './invitations';
export * from './joining';
export * from './limits';
export * from './links';
export * from './members';
export * from './organizations';
export * from './outbox';
export * from './renewals';
export * from './webhooks';
