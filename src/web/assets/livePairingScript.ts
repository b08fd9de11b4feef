/**
 * A linked-device channel's page: the pairing state, QR and pairing code follow the server's
 * events, and the forms that fit the new state are shown (`data-when` lists the states).
 */
export const livePairingScript = `
(() => {
  const first = document.getElementById('pairing-live');
  if (!first || !first.dataset.events) return;
  const show = (state) => document.querySelectorAll('[data-when]').forEach((el) => { el.hidden = !el.dataset.when.split(' ').includes(state); });
  const events = new EventSource(first.dataset.events);
  events.addEventListener('pairing', (event) => {
    const current = document.getElementById('pairing-live');
    if (!current) return;
    current.outerHTML = event.data;
    const next = document.getElementById('pairing-live');
    if (next) show(next.dataset.state);
  });
  events.addEventListener('bye', () => events.close());
  window.addEventListener('pagehide', () => events.close());
})();
`;
