import { defineSystemStatement } from '../hotPath/systemStatement';

/** The outbox's NOTIFY, its payload naming the sender (`createOutboxNotifier`'s `sender`). */
export const outboxNotifyStatement = defineSystemStatement('outbox_notify', 'outbox NOTIFY', `select pg_notify('outbox', :sender)`);
