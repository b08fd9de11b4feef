import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { demoIds } from '../demo/seedDemo';

// An interactive chat with a running engine as one worker, through the console channel: the
// same pipeline as WhatsApp. Messages go in with the admin token; replies are read from the
// worker's conversation log with an API key.
// `npm run chat -- --token <ADMIN_TOKEN> --key <API key> --from +15550000101 --worker <worker id>`
const { values } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.ENGINE_URL ?? 'http://127.0.0.1:3000' },
    token: { type: 'string', default: process.env.ADMIN_TOKEN },
    key: { type: 'string', default: process.env.DEMO_API_KEY },
    from: { type: 'string', default: '+15550000101' },
    worker: { type: 'string', default: '00000000-0000-4000-8000-000000000101' },
    channel: { type: 'string', default: demoIds.consoleChannel },
  },
});
if (!values.token || !values.key) {
  console.error('Pass what the engine printed: --token <ADMIN_TOKEN> --key <API key> (or set ADMIN_TOKEN and DEMO_API_KEY)');
  process.exit(2);
}
const headers = { authorization: `Bearer ${values.token}`, 'content-type': 'application/json' };
const apiHeaders = { authorization: `Bearer ${values.key}` };

interface LogEntry {
  id: string;
  direction: string;
  body: string | null;
  payload: { textWithOptions?: string };
}

const seen = new Set<string>();
async function newReplies(): Promise<LogEntry[]> {
  const response = await fetch(`${values.url}/v1/workers/${values.worker}/messages?limit=50`, { headers: apiHeaders });
  if (!response.ok) throw new Error(`the engine answered ${response.status}: ${await response.text()}`);
  const { messages } = (await response.json()) as { messages: LogEntry[] };
  const fresh = messages.filter((m) => !seen.has(m.id)).reverse();
  for (const message of fresh) seen.add(message.id);
  return fresh.filter((m) => m.direction === 'outbound');
}

const show = (entries: LogEntry[]) => entries.forEach((m) => console.log(`\x1b[36mcoach>\x1b[0m ${m.payload.textWithOptions ?? m.body ?? ''}\n`));

show((await newReplies()).slice(-3));
const lines = createInterface({ input: process.stdin, output: process.stdout, prompt: '\x1b[32myou>\x1b[0m ' });
lines.prompt();
for await (const text of lines) {
  if (!text.trim()) {
    lines.prompt();
    continue;
  }
  const response = await fetch(`${values.url}/console/${values.channel}/messages`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ id: randomUUID(), from: values.from, text }),
  });
  if (!response.ok) console.error(`the engine answered ${response.status}: ${await response.text()}`);
  show(await newReplies());
  lines.prompt();
}
