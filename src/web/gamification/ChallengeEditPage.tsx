import type { Staff } from '../auth/staffSessions';
import { Page } from '../layout/Page';
import { base } from '../webEnv';
import { ChallengeForm, type ChallengeFormProps } from './ChallengeForm';

/** A challenge not started yet, in the form that replaces it. */
export function ChallengeEditPage({ staff, challengeId, form }: { staff: Staff; challengeId: string; form: Omit<ChallengeFormProps, 'staff' | 'action' | 'submitLabel'> }) {
  return (
    <Page title="Edit challenge" staff={staff}>
      <p><a href={`${base}/challenges`}>Back to challenges</a></p>
      <section class="card">
        <ChallengeForm staff={staff} action={`${base}/challenges/${challengeId}`} submitLabel="Save challenge" {...form} />
      </section>
    </Page>
  );
}
