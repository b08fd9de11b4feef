import { Socket } from 'node:net';
import { createHostChooser, type HostChooser } from './createHostChooser';
import { parseDatabaseHosts } from './parseDatabaseHosts';

/** What `pg` (a Client, a Pool, knex's connection settings) is given to reach a database URL. */
export interface PgConnection {
  /** A URL `pg` and MikroORM can parse: the one given, or a host list's first host. */
  connectionString: string;
  /** For a host list: a socket that connects to the chosen host whatever host `pg` names (`pg`'s `stream` option). */
  stream?: () => Socket;
}

const connections = new Map<string, PgConnection>();

function chosenHostSocket(chooser: HostChooser): Socket {
  const socket = new Socket();
  const connectTo = socket.connect.bind(socket);
  // pg calls connect(port, host) and waits for 'connect' or 'error': both still come, once the host is chosen.
  socket.connect = (() => {
    chooser.choose().then(
      (host) => {
        if (socket.destroyed) return;
        socket.once('error', () => chooser.forget(host));
        // The server closed first (a shutdown, a crash, a terminated backend): look again before the next connection.
        socket.once('end', () => {
          if (!socket.writableEnded) chooser.forget(host);
        });
        connectTo(host.port, host.host);
      },
      (error: Error) => socket.destroy(error),
    );
    return socket;
  }) as Socket['connect'];
  return socket;
}

/**
 * How `pg` reaches `url`. A single host without `target_session_attrs` is passed through as it is;
 * a host list (or `target_session_attrs=read-write`) gets one host chooser per URL in the process,
 * shared by every pool and client opened on it, so a failover is noticed once and followed by all.
 */
export function pgConnection(url: string): PgConnection {
  const known = connections.get(url);
  if (known) return known;
  let connection: PgConnection = { connectionString: url };
  if (url.includes(',') || url.includes('target_session_attrs')) {
    const hosts = parseDatabaseHosts(url);
    const chooser = createHostChooser(hosts);
    connection = { connectionString: hosts.urlFor(hosts.hosts[0]), stream: () => chosenHostSocket(chooser) };
  }
  connections.set(url, connection);
  return connection;
}
