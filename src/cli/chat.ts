import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { demoIds } from '../demo/seedDemo';
import { openChatSession } from './openChatSession';

// An interactive chat with a running engine as one worker, through the console channel: the
// same pipeline as WhatsApp. Messages go in with the admin token; replies are read from the
// worker's conversation log with an API key; the worker is the one with the --from number.
// `npm run chat -- --token <ADMIN_TOKEN> --key <API key> --from +15550000101`
const { values } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.ENGINE_URL ?? 'http://127.0.0.1:3000' },
    token: { type: 'string', default: process.env.ADMIN_TOKEN },
    key: { type: 'string', default: process.env.DEMO_API_KEY },
    from: { type: 'string', default: '+15550000101' },
    worker: { type: 'string' },
    channel: { type: 'string', default: demoIds.consoleChannel },
  },
});
if (!values.token || !values.key) {
  console.error('Pass what `npm start` printed: --token <ADMIN_TOKEN> --key <API key> (or set ADMIN_TOKEN and DEMO_API_KEY)');
  process.exit(2);
}
const opened = await openChatSession({ ...values, token: values.token, key: values.key });
if (!opened.ok) {
  console.error(opened.message);
  process.exit(1);
}
const { session } = opened;
const show = (texts: string[]) => texts.forEach((text) => console.log(`\x1b[36mcoach>\x1b[0m ${text}\n`));

show(session.history.slice(-3));
const lines = createInterface({ input: process.stdin, output: process.stdout, prompt: '\x1b[32myou>\x1b[0m ' });
lines.prompt();
for await (const text of lines) {
  if (text.trim()) {
    const sent = await session.send(text);
    if (sent.ok) show(sent.replies);
    else console.error(sent.message);
  }
  lines.prompt();
}
