/**
 * What to add to "answered 3xx" in a delivery log: redirects are not followed (each hop would
 * need the address check again, and a receiver could send the engine anywhere), so the
 * organization should give the URL the redirect leads to. Empty for any other status.
 */
export function describeRedirect(response: { status: number; headers: { get(name: string): string | null } }): string {
  if (response.status < 300 || response.status > 399) return '';
  const location = response.headers.get('location');
  return `, a redirect${location ? ` to ${location.slice(0, 200)}` : ''}, which is not followed: give the URL it leads to`;
}
