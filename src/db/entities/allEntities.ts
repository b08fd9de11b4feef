import { Badge } from './Badge';
import { Channel } from './Channel';
import { ChannelTemplate } from './ChannelTemplate';
import { Content } from './Content';
import { Conversation } from './Conversation';
import { Experiment } from './Experiment';
import { ExperimentAssignment } from './ExperimentAssignment';
import { ExperimentVariant } from './ExperimentVariant';
import { JourneyBlueprint } from './JourneyBlueprint';
import { Message } from './Message';
import { Organization } from './Organization';
import { Phase } from './Phase';
import { Program } from './Program';
import { ProgramBlueprint } from './ProgramBlueprint';
import { Segment } from './Segment';
import { SystemTextOverride } from './SystemTextOverride';
import { Timer } from './Timer';
import { Touchpoint } from './Touchpoint';
import { User } from './User';
import { WellBeingAnswer } from './WellBeingAnswer';
import { Worker } from './Worker';
import { WorkerAssignment } from './WorkerAssignment';
import { WorkerBadge } from './WorkerBadge';
import { WorkerProgress } from './WorkerProgress';
import { WorkerSegment } from './WorkerSegment';

/** Every table that belongs to one organization (all carry organization_id). */
export const tenantEntities = [
  User, Worker, Segment, WorkerSegment, Content, JourneyBlueprint, Phase, Touchpoint,
  Program, ProgramBlueprint, WorkerAssignment, WorkerProgress, WellBeingAnswer,
  Experiment, ExperimentVariant, ExperimentAssignment, Badge, WorkerBadge,
  Channel, Conversation, Message, Timer, ChannelTemplate, SystemTextOverride,
];

/** The entity list handed to MikroORM. */
export const allEntities = [Organization, ...tenantEntities];
