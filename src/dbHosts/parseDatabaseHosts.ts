/** One server of a host list. */
export interface DatabaseHost {
  host: string;
  port: number;
}

/** A `postgres://` URL split into its hosts, as libpq reads `postgres://user@h1:5432,h2:5433/db`. */
export interface DatabaseHosts {
  hosts: DatabaseHost[];
  /** `target_session_attrs=read-write`: only a server where `SHOW transaction_read_only` is off will do. */
  readWrite: boolean;
  /** The same URL with `host` alone and without `target_session_attrs`: what `pg` and MikroORM can parse. */
  urlFor(host: DatabaseHost): string;
}

export class InvalidDatabaseUrl extends Error {}

const urlShape = /^(postgres(?:ql)?:\/\/)(?:([^@/?#]*)@)?([^/?#]*)([^?#]*)(?:\?([^#]*))?$/;
const hostShape = /^(?:\[([^\]]+)\]|([^:[\]]+))(?::(\d+))?$/;
const DEFAULT_PORT = 5432;

function parseHost(text: string): DatabaseHost {
  const match = hostShape.exec(text);
  const port = Number(match?.[3] ?? DEFAULT_PORT);
  if (!match || !Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new InvalidDatabaseUrl(`'${text}' is not a host[:port] (a port is 1 to 65535; an IPv6 address goes in brackets)`);
  }
  return { host: match[1] ?? match[2], port };
}

/**
 * Reads a `postgres://` URL with one host or a comma-separated list of them and libpq's
 * `target_session_attrs` (`any`, the default, or `read-write`). `pg` 8.20 and pg-connection-string
 * 2.14 refuse a host list ("Invalid URL"): each host gets a URL of its own through `urlFor`.
 */
export function parseDatabaseHosts(url: string): DatabaseHosts {
  const match = urlShape.exec(url);
  if (!match) throw new InvalidDatabaseUrl('must look like postgres://user:password@host:port[,host2:port2…]/database');
  const [, scheme, userInfo, hostList, path, query = ''] = match;
  const hosts = hostList.split(',').map(parseHost);
  const params = new URLSearchParams(query);
  const attrs = params.get('target_session_attrs') ?? 'any';
  if (attrs !== 'any' && attrs !== 'read-write') {
    throw new InvalidDatabaseUrl(`target_session_attrs '${attrs}' is not supported: use read-write (the primary) or any`);
  }
  params.delete('target_session_attrs');
  const rest = `${path}${params.size > 0 ? `?${params.toString()}` : ''}`;
  const credentials = userInfo === undefined ? '' : `${userInfo}@`;
  return {
    hosts,
    readWrite: attrs === 'read-write',
    urlFor: (host) => `${scheme}${credentials}${host.host.includes(':') ? `[${host.host}]` : host.host}:${host.port}${rest}`,
  };
}
