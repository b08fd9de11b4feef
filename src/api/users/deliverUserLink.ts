/** Sends an email (the SMTP mailer), when one is configured. */
export type SendEmail = (message: { to: string; subject: string; text: string }) => Promise<void>;

/**
 * A one-time link's delivery: emailed when SMTP is configured (then the answer carries no link),
 * else handed back for the inviter to pass on. The API and the console deliver alike.
 */
export async function deliverUserLink(sendEmail: SendEmail | undefined, to: string, subject: string, link: string): Promise<{ link: string | null; emailed: boolean }> {
  if (!sendEmail) return { link, emailed: false };
  await sendEmail({ to, subject, text: `${subject}: ${link}\n\nThe link works once.` });
  return { link: null, emailed: true };
}

/** The subjects of the two links. */
export const linkSubjects = { invitation: 'You are invited to the coaching console', password_reset: 'Reset your coaching console password' } as const;
