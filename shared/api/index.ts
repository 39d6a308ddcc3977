export * from './common';
export * from './auth';
export * from './orgs';
export * from './links';
export * from './applications';
export * from './invitations';
export * from './members';
export * from './search';
