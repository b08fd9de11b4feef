/** The worker page's client: new messages of the worker appear in the thread as they are logged. */
export const liveThreadScript = `
(() => {
  const thread = document.querySelector('ol.thread[data-live]');
  if (!thread) return;
  const events = new EventSource(thread.dataset.live);
  events.addEventListener('message', (event) => { thread.insertAdjacentHTML('beforeend', event.data); });
  events.addEventListener('bye', () => events.close());
  window.addEventListener('pagehide', () => events.close());
})();
`;
