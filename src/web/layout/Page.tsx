import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { isAllowed, type ApiAction } from '../../api/auth/permissions';
import type { Staff } from '../auth/staffSessions';
import { base } from '../webEnv';

/** Options of the page frame. */
export interface PageProps {
  /** The page's title, also its h1. */
  title: string;
  /** The signed-in staff member; absent on the sign-in page. */
  staff?: Staff;
  /** Scripts served by the app (never a CDN), loaded at the end of the body. */
  scripts?: string[];
  children?: Child;
}

const sections: { href: string; label: string; action: ApiAction }[] = [
  { href: `${base}/inbox`, label: 'Inbox', action: 'inbox:read' },
  { href: `${base}/workers`, label: 'Workers', action: 'workers:read' },
  { href: `${base}/segments`, label: 'Segments', action: 'segments:read' },
  { href: `${base}/programs`, label: 'Programs', action: 'programs:read' },
  { href: `${base}/experiments`, label: 'Experiments', action: 'experiments:read' },
  { href: `${base}/leaderboards`, label: 'Leaderboards', action: 'progress:read' },
  { href: `${base}/challenges`, label: 'Challenges', action: 'progress:read' },
  { href: `${base}/journeys`, label: 'Journeys', action: 'blueprints:read' },
  { href: `${base}/marketplace`, label: 'Marketplace', action: 'marketplace:read' },
  { href: `${base}/broadcasts`, label: 'Broadcasts', action: 'broadcasts:read' },
  { href: `${base}/simulator`, label: 'Simulator', action: 'blueprints:read' },
  { href: `${base}/channels`, label: 'Channels', action: 'channels:read' },
  { href: `${base}/webhooks`, label: 'Webhooks', action: 'integrations:read' },
  { href: `${base}/users`, label: 'Staff', action: 'users:read' },
];

/** The console's frame: skip link, navigation by role, the signed-in user and a log-out form. */
export function Page({ title, staff, scripts = [], children }: PageProps) {
  return (
    <>
    {raw('<!DOCTYPE html>')}
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · Coach console`}</title>
        <link rel="stylesheet" href={`${base}/assets/console.css`} />
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="top">
          <strong>Coach console</strong>
          {staff && (
            <nav aria-label="Sections">
              {sections.filter((s) => isAllowed(staff.role, s.action)).map((s) => <a href={s.href}>{s.label}</a>)}
            </nav>
          )}
          {staff && (
            <span class="who">
              {staff.name} ({staff.role.replace('_', ' ')}, {staff.organizationName}){' '}
              <form method="post" action={`${base}/logout`}>
                <input type="hidden" name="_csrf" value={staff.csrfToken} />
                <button type="submit">Log out</button>
              </form>
            </span>
          )}
        </header>
        <main id="main">
          <h1>{title}</h1>
          {children}
        </main>
        {scripts.map((src) => <script src={src} defer></script>)}
      </body>
    </html>
    </>
  );
}

/** The hidden form-token field every console form carries. */
export function CsrfField({ staff }: { staff: Staff }) {
  return <input type="hidden" name="_csrf" value={staff.csrfToken} />;
}
