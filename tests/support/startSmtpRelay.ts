import { SMTPServer } from 'smtp-server';
import { createSmtpMailer } from '../../src/email/createSmtpMailer';

/** A local SMTP server, as a mail relay would be, and the engine's mailer pointed at it. */
export async function startSmtpRelay() {
  /** Raw messages as the relay received them, quoted-printable soft line breaks undone. */
  const received: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push(Buffer.concat(chunks).toString('utf8').replace(/=\r?\n/g, ''));
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  return {
    received,
    sendEmail: createSmtpMailer(`smtp://127.0.0.1:${port}`, 'Coaching <no-reply@coach.example.test>'),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type SmtpRelay = Awaited<ReturnType<typeof startSmtpRelay>>;
