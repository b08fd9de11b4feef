import { Hono } from 'hono';
import { z } from 'zod';
import { analyticsFilterSchema } from '../../analytics/analyticsFilters';
import { loadProgramAnalytics } from '../../analytics/loadProgramAnalytics';
import { readsFor } from '../../db/openReadReplica';
import { forOrganization } from '../../db/tenancy/scopes';
import { isAllowed } from '../../api/auth/permissions';
import { requireAction } from '../auth/requireStaff';
import { Page } from '../layout/Page';
import { base, type WebEnv } from '../webEnv';
import type { WebDependencies } from '../webDependencies';
import { listPrograms, loadProgramStats } from './loadProgramStats';
import { ProgramPage } from './ProgramPage';
import { describeDateChange, type DateChange } from '../../programs/describeDateChange';
import { getProgram } from '../../programs/manageProgram';
import { ProgramDatesError, updateProgram } from '../../programs/updateProgram';
import { ProgramDates } from './ProgramDates';
import { storableDate } from '../../time/storableDates';

/** The program list and each program's charts. */
export function programRoutes(deps: WebDependencies): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.get(`${base}/programs`, requireAction('programs:read'), async (c) => {
    const staff = c.get('staff');
    const programs = await listPrograms(readsFor(deps.engine.orm, deps.engine.reads, staff.organizationId).em);
    const canManage = isAllowed(staff.role, 'programs:enroll');
    return c.html(
      <Page title="Programs" staff={staff}>
        {isAllowed(staff.role, 'programs:write') && <p><a class="button" href={`${base}/programs/new`}>New program</a></p>}
        <table aria-label="Programs">
          <thead><tr><th scope="col">Program</th><th scope="col">Status</th><th scope="col">Enrolled</th><th scope="col">Completed</th>{canManage && <th scope="col"><span class="muted">Manage</span></th>}</tr></thead>
          <tbody>
            {programs.map((p) => (
              <tr>
                <td><a href={`${base}/programs/${p.id}`}>{p.name}</a></td><td>{p.status}</td><td>{p.enrolled}</td><td>{p.completed}</td>
                {canManage && <td><a href={`${base}/programs/${p.id}/manage`} aria-label={`Manage ${p.name}: status and enrollment`}>Manage</a></td>}
              </tr>
            ))}
          </tbody>
        </table>
        {programs.length === 0 && <p class="muted">No programs yet.</p>}
      </Page>,
    );
  });
  app.get(`${base}/programs/:id`, requireAction('programs:read'), async (c) => {
    const staff = c.get('staff');
    const id = c.req.param('id');
    const em = forOrganization(deps.engine.orm.em, staff.organizationId);
    const stats = z.uuid().safeParse(id).success ? await loadProgramStats(em, id, staff.timezone) : undefined;
    if (!stats) return c.text('No program with this id in your organization.', 404);
    // Empty fields of the form mean "no filter"; newStart and newEnd belong to the dates form.
    const { newStart, newEnd, flash, ...rest } = c.req.query();
    const query = Object.fromEntries(Object.entries(rest).filter(([, value]) => value.trim() !== ''));
    const parsed = analyticsFilterSchema.safeParse(query);
    const filters = parsed.success ? parsed.data : {};
    const problem = parsed.success ? undefined : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    const analytics = await loadProgramAnalytics(em, id, filters, new Date(deps.engine.clock.now()), readsFor(deps.engine.orm, deps.engine.reads, staff.organizationId));
    const proposed = newStart !== undefined || newEnd !== undefined ? dateForm.safeParse({ startDate: newStart ?? '', endDate: newEnd ?? '' }) : undefined;
    const change = proposed?.success ? changeOf(proposed.data, stats.program) : undefined;
    const proposal = change && proposed?.success ? { ...proposed.data, effect: await describeDateChange(em, id, change, deps.engine.clock.now()) } : undefined;
    const dates = (
      <ProgramDates staff={staff} programId={id} startDate={stats.program.start_date} endDate={stats.program.end_date} proposal={proposal} canChange={isAllowed(staff.role, 'programs:write')} />
    );
    const notice = flash === 'dates' ? 'Dates moved.' : flash === 'bad_dates' ? 'Not moved: the end date must not be before the start date.' : undefined;
    return c.html(<ProgramPage staff={staff} stats={stats} analytics={analytics} filters={filters} problem={problem ?? (proposed && !proposed.success ? 'dates: use YYYY-MM-DD' : undefined)} dates={dates} notice={notice} />, parsed.success ? 200 : 400);
  });
  app.post(`${base}/programs/:id/dates`, requireAction('programs:write'), async (c) => {
    const staff = c.get('staff');
    const id = c.req.param('id');
    const em = forOrganization(deps.engine.orm.em, staff.organizationId);
    const form = dateForm.safeParse(await c.req.parseBody());
    const current = z.uuid().safeParse(id).success ? await getProgram(em, id) : undefined;
    if (!current) return c.text('No program with this id in your organization.', 404);
    if (!form.success) return c.text('This form cannot be used: dates are YYYY-MM-DD.', 400);
    try {
      await updateProgram(em, id, form.data);
    } catch (error) {
      if (error instanceof ProgramDatesError) return c.redirect(`${base}/programs/${id}?flash=bad_dates`, 303);
      throw error;
    }
    return c.redirect(`${base}/programs/${id}?flash=dates`, 303);
  });
  return app;
}

/** A dates form: empty clears a date. */
const dateForm = z.object({
  startDate: z.union([z.literal('').transform(() => null), storableDate]),
  endDate: z.union([z.literal('').transform(() => null), storableDate]),
});

/** Only the dates that differ from the program's. */
function changeOf(form: z.infer<typeof dateForm>, program: { start_date: string | null; end_date: string | null }): DateChange {
  return {
    ...(form.startDate !== program.start_date ? { startDate: form.startDate } : {}),
    ...(form.endDate !== program.end_date ? { endDate: form.endDate } : {}),
  };
}
