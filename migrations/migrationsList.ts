import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261126080753 } from './Migration20261126080753';
import { Migration20261126081417 } from './Migration20261126081417';
import { Migration20261126083000 } from './Migration20261126083000';
import { Migration20261126120500 } from './Migration20261126120500_managementApi';
import { Migration20261126110000 } from './Migration20261126110000';
import { Migration20261126130000_baileys } from './Migration20261126130000_baileys';
import { Migration20261126140000_web } from './Migration20261126140000_web';
import { Migration20261126141500 } from './Migration20261126141500_broadcastCounts';
import { Migration20261126150000_messagingLimit } from './Migration20261126150000_messagingLimit';
import { Migration20261126160000_webListOrder } from './Migration20261126160000_webListOrder';
import { Migration20261126163000 } from './Migration20261126163000_programAutoEnroll';
import { Migration20261126170000_channelOnboarding } from './Migration20261126170000_channelOnboarding';
import { Migration20261126171000_channelQueueIndex } from './Migration20261126171000_channelQueueIndex';
import { Migration20261126170000_userTimezone } from './Migration20261126170000_userTimezone';
import { Migration20261126180000_inboundByWorker } from './Migration20261126180000_inboundByWorker';
import { Migration20261126193000_baileysPairingCode } from './Migration20261126193000_baileysPairingCode';
import { Migration20261126200000_channelTemplates } from './Migration20261126200000_channelTemplates';
import { Migration20261126201000_secretGrace } from './Migration20261126201000_secretGrace';
import { Migration20261126202000_programChannel } from './Migration20261126202000_programChannel';
import { Migration20261126203000_channelOutboxIndex } from './Migration20261126203000_channelOutboxIndex';
import { Migration20261126204000_workerPendingIndex } from './Migration20261126204000_workerPendingIndex';
import { Migration20261126205000_sealedWebhookSecrets } from './Migration20261126205000_sealedWebhookSecrets';
import { Migration20261206030000_cloudApiNumberClaims } from './Migration20261206030000_cloudApiNumberClaims';
import { Migration20261206030000_inboundMediaFetch } from './Migration20261206030000_inboundMediaFetch';
import { Migration20261206030000_outboxPortfolioCounts } from './Migration20261206030000_outboxPortfolioCounts';
import { Migration20261206041500_systemTextOverrides } from './Migration20261206041500_systemTextOverrides';
import { Migration20261206031500_idempotentAnswerText } from './Migration20261206031500_idempotentAnswerText';
import { Migration20261206041500_demoCredentials } from './Migration20261206041500_demoCredentials';
import { Migration20261206073000_challenges } from './Migration20261206073000_challenges';
import { Migration20261206060000_gamification } from './Migration20261206060000_gamification';
import { Migration20261206030000_timerRetries } from './Migration20261206030000_timerRetries';
import { Migration20261206041500_channelSecretHintsBlanked } from './Migration20261206041500_channelSecretHintsBlanked';
import { Migration20261206043000_simulatorData } from './Migration20261206043000_simulatorData';

/**
 * Every migration, oldest first. Listed rather than discovered on disk so that the same code
 * runs under tsx, vitest and a compiled build; `npm run migration:create` appends here.
 */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261126080753', class: Migration20261126080753 },
  { name: 'Migration20261126081417', class: Migration20261126081417 },
  { name: 'Migration20261126083000', class: Migration20261126083000 },
  { name: 'Migration20261126110000', class: Migration20261126110000 },
  { name: 'Migration20261126120500_managementApi', class: Migration20261126120500 },
  { name: 'Migration20261126130000_baileys', class: Migration20261126130000_baileys },
  { name: 'Migration20261126140000_web', class: Migration20261126140000_web },
  { name: 'Migration20261126141500_broadcastCounts', class: Migration20261126141500 },
  { name: 'Migration20261126150000_messagingLimit', class: Migration20261126150000_messagingLimit },
  { name: 'Migration20261126160000_webListOrder', class: Migration20261126160000_webListOrder },
  { name: 'Migration20261126163000_programAutoEnroll', class: Migration20261126163000 },
  { name: 'Migration20261126170000_channelOnboarding', class: Migration20261126170000_channelOnboarding },
  { name: 'Migration20261126170000_userTimezone', class: Migration20261126170000_userTimezone },
  { name: 'Migration20261126171000_channelQueueIndex', class: Migration20261126171000_channelQueueIndex },
  { name: 'Migration20261126180000_inboundByWorker', class: Migration20261126180000_inboundByWorker },
  { name: 'Migration20261126193000_baileysPairingCode', class: Migration20261126193000_baileysPairingCode },
  { name: 'Migration20261126200000_channelTemplates', class: Migration20261126200000_channelTemplates },
  { name: 'Migration20261126201000_secretGrace', class: Migration20261126201000_secretGrace },
  { name: 'Migration20261126202000_programChannel', class: Migration20261126202000_programChannel },
  { name: 'Migration20261126203000_channelOutboxIndex', class: Migration20261126203000_channelOutboxIndex },
  { name: 'Migration20261126204000_workerPendingIndex', class: Migration20261126204000_workerPendingIndex },
  { name: 'Migration20261126205000_sealedWebhookSecrets', class: Migration20261126205000_sealedWebhookSecrets },
  { name: 'Migration20261206030000_cloudApiNumberClaims', class: Migration20261206030000_cloudApiNumberClaims },
  { name: 'Migration20261206030000_inboundMediaFetch', class: Migration20261206030000_inboundMediaFetch },
  { name: 'Migration20261206030000_outboxPortfolioCounts', class: Migration20261206030000_outboxPortfolioCounts },
  { name: 'Migration20261206031500_idempotentAnswerText', class: Migration20261206031500_idempotentAnswerText },
  { name: 'Migration20261206030000_timerRetries', class: Migration20261206030000_timerRetries },
  { name: 'Migration20261206041500_channelSecretHintsBlanked', class: Migration20261206041500_channelSecretHintsBlanked },
  { name: 'Migration20261206041500_systemTextOverrides', class: Migration20261206041500_systemTextOverrides },
  { name: 'Migration20261206043000_simulatorData', class: Migration20261206043000_simulatorData },
  { name: 'Migration20261206041500_demoCredentials', class: Migration20261206041500_demoCredentials },
  { name: 'Migration20261206060000_gamification', class: Migration20261206060000_gamification },
  { name: 'Migration20261206073000_challenges', class: Migration20261206073000_challenges },
];
