/**
 * The simulator's client: sends the worker's replies without reloading, and follows the event
 * stream (new messages, the machine's state; a restarted run reloads the page).
 */
export const simulatorScript = `
(() => {
  const thread = document.getElementById('sim-thread');
  const live = document.getElementById('sim-live');
  const say = document.getElementById('sim-say');
  if (!thread || !live) return;
  thread.scrollTop = thread.scrollHeight;
  // A form being submitted (restart, fire a timer) navigates away: a reset must not reload over it.
  let leaving = false;
  window.addEventListener('beforeunload', () => { leaving = true; });
  const events = new EventSource('/coach/simulator/events?after=' + encodeURIComponent(thread.dataset.after || '0'));
  events.addEventListener('message', (event) => {
    thread.insertAdjacentHTML('beforeend', event.data);
    thread.scrollTop = thread.scrollHeight;
  });
  events.addEventListener('state', (event) => { live.innerHTML = event.data; });
  events.addEventListener('reset', () => { events.close(); if (!leaving) location.reload(); });
  events.addEventListener('bye', () => events.close());
  window.addEventListener('pagehide', () => events.close());
  if (say) say.addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = say.querySelector('input[name=text]');
    const body = new URLSearchParams(new FormData(say));
    input.value = '';
    const answer = await fetch(say.action, { method: 'POST', body, headers: { 'x-requested-with': 'fetch' } });
    if (!answer.ok) { alert(await answer.text()); }
    input.focus();
  });
})();
`;
