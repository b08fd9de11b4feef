import { refreshStaleFacts } from '../analytics/refreshStaleFacts';
import type { OutgoingEmail } from '../email/createSmtpMailer';
import { warnLicenceHolders } from '../marketplace/warnLicenceHolders';
import { asSystem } from '../db/tenancy/scopes';
import type { EngineDependencies } from '../engine/engineDependencies';
import { runDueChallenges } from '../engine/runDueChallenges';
import { foldBoardMoves } from '../gamification/foldBoardMoves';
import { notifyCoaches, type SendEmail } from '../inbox/notifyCoaches';
import { endDuePrograms } from '../programs/endDuePrograms';
import { enrollLateJoiners } from '../programs/enrollLateJoiners';
import { resumePendingEnrollments } from '../programs/resumePendingEnrollments';
import { refreshAllSegments } from '../segments/refreshSegmentMembership';
import type { ClusterJob } from '../scheduler/startScheduler';

/**
 * The management API's once-per-cluster jobs, for `startScheduler({ jobs })`: every 15 minutes
 * rule segments are refreshed (facts that change without the API: well-being, performance,
 * program status) and auto-enroll programs take in their segments' newcomers; every 5 minutes
 * conversations a crashed background enrollment left unstarted (or whose program's start date
 * came) are started; every minute programs past their end date are completed, the
 * analytics facts of running programs are rebuilt and challenges whose progress moment or end
 * came are announced (and their winners awarded), and the leaderboards' moves are folded into
 * their counts; every hour the admins of a client whose
 * marketplace licence nears its seats or expiry are warned (by email with `sendEmail`).
 */
export function managementJobs(engine: EngineDependencies, sendEmail?: (email: OutgoingEmail) => Promise<void>): ClusterJob[] {
  return [
    {
      name: 'segments-refresh',
      cron: '*/15 * * * *',
      run: async () => {
        const system = asSystem(engine.orm.em, 'refresh segments and enroll late joiners');
        const refreshed = await refreshAllSegments(system);
        const enrolled = await enrollLateJoiners(system, engine.clock.now());
        engine.logger.info({ refreshed, enrolled }, 'segments refreshed');
      },
    },
    {
      name: 'enrollments-resume',
      cron: '*/5 * * * *',
      run: async () => {
        const resumed = await resumePendingEnrollments(asSystem(engine.orm.em, 'resume pending enrollments'), engine.clock.now());
        if (resumed.started > 0) engine.logger.info(resumed, 'pending enrollments resumed');
      },
    },
    {
      name: 'programs-end',
      cron: '* * * * *',
      run: async () => {
        const { ended } = await endDuePrograms(asSystem(engine.orm.em, 'complete programs past their end date'), engine.clock.now());
        if (ended === 0) return;
        engine.logger.info({ ended }, 'programs past their end date completed');
        engine.notifyOutboxChanged?.();
      },
    },
    {
      name: 'analytics-refresh',
      cron: '* * * * *',
      run: async () => {
        const refreshed = await refreshStaleFacts(asSystem(engine.orm.em, 'rebuild analytics facts of running programs'), new Date(engine.clock.now()));
        if (refreshed.programs > 0) engine.logger.debug(refreshed, 'analytics facts rebuilt');
      },
    },
    {
      name: 'challenges',
      cron: '* * * * *',
      run: async () => {
        const run = await runDueChallenges(engine);
        if (run.progressSent + run.finished > 0) engine.logger.info(run, 'challenges announced');
      },
    },
    {
      name: 'leaderboard-fold',
      cron: '* * * * *',
      run: async () => {
        const folded = await foldBoardMoves(asSystem(engine.orm.em, 'fold leaderboard moves into board counts'));
        if (folded > 0) engine.logger.debug({ folded }, 'leaderboard moves folded');
      },
    },
    {
      name: 'licence-warnings',
      cron: '41 * * * *',
      run: async () => {
        const warned = await warnLicenceHolders(asSystem(engine.orm.em, 'warn holders of marketplace licences'), engine.clock.now(), sendEmail, engine.logger);
        if (warned.warned > 0) engine.logger.info(warned, 'licence warnings sent');
      },
    },
  ];
}

/** Every minute, coaches are told of new coach inbox items by email, batched (notifyCoaches); only with a mail relay. */
export function coachInboxMailJob(engine: EngineDependencies, sendEmail: SendEmail, inboxUrl: string): ClusterJob {
  return {
    name: 'coach-inbox-mail',
    cron: '* * * * *',
    run: async () => {
      const told = await notifyCoaches(asSystem(engine.orm.em, 'tell coaches of new inbox items'), sendEmail, inboxUrl, engine.clock.now());
      if (told.items > 0) engine.logger.info(told, 'coaches told of new inbox items');
    },
  };
}
