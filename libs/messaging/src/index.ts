export * from './event-bus.js';
export * from './in-process-event-bus.js';
export * from './kafka-event-bus.js';
export * from './messaging-tables.migration.js';
export * from './outbox.js';
export * from './outbox-relay.js';
export * from './inbox-consumer.js';
