import type { Transporter } from 'nodemailer';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
}

/**
 * Sends staff emails (invitations, password resets) through SMTP.
 * @param smtpUrl e.g. `smtps://user:password@smtp.example.com:465` (SMTP_URL)
 * @param from the sender, e.g. `Coaching <no-reply@example.com>` (SMTP_FROM)
 */
export function createSmtpMailer(smtpUrl: string, from: string): (email: OutgoingEmail) => Promise<void> {
  // nodemailer (about 2 MB of heap) is imported by the first email, not at start.
  let transport: Promise<Transporter> | undefined;
  return async (email) => {
    transport ??= import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport(smtpUrl));
    await (await transport).sendMail({ from, to: email.to, subject: email.subject, text: email.text });
  };
}
