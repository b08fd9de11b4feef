import { startTcpProxy, type TcpProxy } from './startTcpProxy';
import type { TestDatabase } from './testDatabase';

/** A TCP proxy in front of the test database and the database URL through it: `proxy.cut()` is an outage. */
export async function proxyDatabaseUrl(db: TestDatabase): Promise<{ proxy: TcpProxy; url: string }> {
  const url = new URL(db.url);
  const proxy = await startTcpProxy(url.hostname, Number(url.port || 5432));
  url.host = `127.0.0.1:${proxy.port}`;
  return { proxy, url: url.toString() };
}
