import { refreshStaleFacts } from '../analytics/refreshStaleFacts';
import type { OutgoingEmail } from '../email/createSmtpMailer';
import { warnLicenceHolders } from '../marketplace/warnLicenceHolders';
import { asSystem } from '../db/tenancy/scopes';
import type { EngineDependencies } from '../engine/engineDependencies';
import { runDueChallenges } from '../engine/runDueChallenges';
import { enrollLateJoiners } from '../programs/enrollLateJoiners';
import { resumePendingEnrollments } from '../programs/resumePendingEnrollments';
import { refreshAllSegments } from '../segments/refreshSegmentMembership';
import type { ClusterJob } from '../scheduler/startScheduler';

/**
 * The management API's once-per-cluster jobs, for `startScheduler({ jobs })`: every 15 minutes
 * rule segments are refreshed (facts that change without the API: well-being, performance,
 * program status) and auto-enroll programs take in their segments' newcomers; every 5 minutes
 * conversations a crashed background enrollment left unstarted are started; every minute the
 * analytics facts of running programs are rebuilt and challenges whose progress moment or end
 * came are announced (and their winners awarded); every hour the admins of a client whose
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
      name: 'licence-warnings',
      cron: '41 * * * *',
      run: async () => {
        const warned = await warnLicenceHolders(asSystem(engine.orm.em, 'warn holders of marketplace licences'), engine.clock.now(), sendEmail, engine.logger);
        if (warned.warned > 0) engine.logger.info(warned, 'licence warnings sent');
      },
    },
  ];
}
