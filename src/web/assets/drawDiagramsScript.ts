/** Renders every `pre.mermaid` on the page with the locally served mermaid (loaded before it). */
export const drawDiagramsScript = `
window.addEventListener('DOMContentLoaded', async () => {
  const m = window.mermaid;
  if (!m) return;
  m.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'neutral' });
  try { await m.run({ querySelector: 'pre.mermaid' }); document.body.dataset.diagrams = 'drawn'; }
  catch (error) { document.body.dataset.diagrams = 'failed'; console.error(error); }
});
`;
