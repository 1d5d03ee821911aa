export * from './envelope.js';
export * from './topics.js';
export * from './vocabulary.js';
export * from './events/need-snapshot/need-snapshot.v1.js';
export * from './events/referral/referral.v1.js';
