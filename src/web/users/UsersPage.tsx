import type { UserView } from '../../api/users/manageUsers';
import { userRoles, type UserRole } from '../../db/entities/User';
import type { Staff } from '../auth/staffSessions';
import { FieldFrame, fieldAria } from '../layout/FieldFrame';
import { FormField, type FieldError } from '../layout/FormField';
import { CsrfField, Page } from '../layout/Page';
import { base } from '../webEnv';

/** Options of the staff page. */
export interface UsersPageProps {
  staff: Staff;
  users: UserView[];
  canManage: boolean;
  flash?: { kind: 'notice' | 'alert'; text: string };
  /** The invitation link to pass on, when no email was sent. */
  invitationLink?: string;
  error?: FieldError;
  values?: { email?: string; role?: string; displayName?: string };
}

const roleLabel = (role: UserRole) => role.replace('_', ' ');

function RoleSelect({ id, selected, error }: { id: string; selected?: string; error?: FieldError }) {
  return (
    <select id={id} name="role" {...fieldAria(id, undefined, error)}>
      {userRoles.map((role) => <option value={role} selected={role === selected}>{roleLabel(role)}</option>)}
    </select>
  );
}

/** Staff users (users:read) and, for users:manage, the invitation form, a role change and deactivation per user. */
export function UsersPage({ staff, users, canManage, flash, invitationLink, error, values = {} }: UsersPageProps) {
  const errorOf = (name: string) => (error?.field === name ? error : undefined);
  return (
    <Page title="Staff users" staff={staff}>
      {flash && <p class={flash.kind} role={flash.kind === 'alert' ? 'alert' : 'status'}>{flash.text}</p>}
      {invitationLink && <p class="notice">Pass this one-time link on (it works once, for 7 days): <code data-testid="invitation-link">{invitationLink}</code></p>}
      <table aria-label="Staff users">
        <thead><tr><th scope="col">Email</th><th scope="col">Name</th><th scope="col">Role</th><th scope="col">State</th>{canManage && <th scope="col"><span class="muted">Change</span></th>}</tr></thead>
        <tbody>
          {users.map((u) => (
            <tr data-user={u.email}>
              <td>{u.email}</td><td>{u.displayName ?? ''}</td><td>{roleLabel(u.role)}</td><td>{u.active ? 'active' : 'invited'}</td>
              {canManage && (
                <td>
                  <form method="post" action={`${base}/users/${u.id}/role`} class="filters">
                    <CsrfField staff={staff} />
                    <p><label for={`role-${u.id}`}>Role of {u.email}</label><RoleSelect id={`role-${u.id}`} selected={u.role} /></p>
                    <p><button type="submit" class="secondary">Change role</button></p>
                  </form>
                  {u.id !== staff.userId && (
                    <form method="post" action={`${base}/users/${u.id}/deactivate`}>
                      <CsrfField staff={staff} />
                      <button type="submit" class="secondary" aria-label={`Deactivate ${u.email}`}>Deactivate</button>
                    </form>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {canManage && (
        <section class="card" aria-labelledby="h-invite">
          <h2 id="h-invite">Invite a staff member</h2>
          {error && !['email', 'role', 'displayName'].includes(error.field) && <p class="alert" role="alert">{error.message}</p>}
          <form method="post" action={`${base}/users/invitations`}>
            <CsrfField staff={staff} />
            <FormField field={{ name: 'email', label: 'Email', type: 'text', required: false }} value={values.email} error={errorOf('email')} />
            <FieldFrame id="f-role" label="Role" error={errorOf('role')}><RoleSelect id="f-role" selected={values.role ?? 'coach'} error={errorOf('role')} /></FieldFrame>
            <FormField field={{ name: 'displayName', label: 'Name (optional)', type: 'text', required: false }} value={values.displayName} error={errorOf('displayName')} />
            <p><button type="submit">Invite</button></p>
          </form>
          <p class="muted">Deactivating removes the person's access at once (their sessions end; API keys they made stay, without an owner: revoke them under API keys).</p>
        </section>
      )}
    </Page>
  );
}
