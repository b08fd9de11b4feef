import { z } from 'zod';
import type { LogEntry } from '../../engine/listWorkerMessages';
import { formatTime } from '../layout/formatTime';

// The parts of a message payload the thread shows; anything else is ignored.
const payloadSchema = z.object({
  options: z.array(z.object({ id: z.string(), title: z.string() })).optional().catch(undefined),
  media: z.object({ kind: z.string(), url: z.string().optional(), caption: z.string().optional(), path: z.string().optional() }).optional().catch(undefined),
  template: z.object({ name: z.string() }).optional().catch(undefined),
  coach: z.object({ name: z.string() }).optional().catch(undefined),
  replyId: z.string().optional().catch(undefined),
});

const statusLabel: Record<string, string> = {
  received: 'received', queued: 'queued', sending: 'sending', sent: 'sent ✓', delivered: 'delivered ✓✓', read: 'read ✓✓', failed: 'failed', held: 'held (waiting for the window or quiet hours)',
};

/** One message of the thread (also streamed to the simulator). */
export function Message({ entry, timeZone }: { entry: LogEntry; timeZone: string }) {
  const payload = payloadSchema.parse(entry.payload ?? {});
  const who = entry.direction === 'inbound' ? 'Worker' : payload.coach ? `Coach ${payload.coach.name}` : 'Bot';
  const mediaUrl = payload.media?.url && /^https?:\/\//.test(payload.media.url) ? payload.media.url : undefined;
  return (
    <li class={`msg ${entry.direction}`} data-direction={entry.direction} data-status={entry.status}>
      <strong>{who}: </strong>
      {payload.media && (
        <span class="badge">
          {payload.media.kind}
          {mediaUrl ? <> <a href={mediaUrl} rel="noreferrer">open</a></> : ''}
        </span>
      )}
      {entry.body ?? payload.media?.caption ?? ''}
      {payload.options && payload.options.length > 0 && (
        <ul class="options" aria-label="Buttons">{payload.options.map((o) => <li>{o.title}</li>)}</ul>
      )}
      <span class="meta">
        <time datetime={entry.createdAt}>{formatTime(entry.createdAt, timeZone)}</time>
        {entry.direction === 'outbound' && ` · ${statusLabel[entry.status] ?? entry.status}`}
        {payload.template && ` · as template ${payload.template.name}`}
        {entry.touchpointKey && ` · ${entry.touchpointKey}`}
        {entry.errorCode && ` · ${entry.errorReason ?? `error ${entry.errorCode}`}`}
      </span>
    </li>
  );
}

/**
 * A conversation log as a chat thread, oldest at the top (entries come newest first). With
 * `live`, the URL of an event stream, new messages are appended as they arrive.
 */
export function ChatThread({ entries, timeZone, live }: { entries: LogEntry[]; timeZone: string; live?: string }) {
  return (
    <ol class="thread" aria-label="Conversation" aria-live="polite" data-live={live}>
      {[...entries].reverse().map((entry) => <Message entry={entry} timeZone={timeZone} />)}
    </ol>
  );
}
