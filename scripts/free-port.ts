import { createServer } from 'node:net';

/**
 * A TCP port nothing listens on right now, chosen by the OS. Another process may still take it
 * before we do, so callers that hand it to a child process retry on "address in use".
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('The OS gave no free port'))));
    });
  });
}

/** True when something accepts connections on host:port (used to fall back from a busy default port). */
export function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(true));
    server.listen(port, host, () => server.close(() => resolve(false)));
  });
}

/**
 * A port to listen on. A default (`whenTaken: 'any-free-port'`) gives way to a free port when
 * something else holds it, so a start never fails on it; a port the operator set
 * (`whenTaken: 'fail'`) is kept or refused, never silently changed. 0 means any free port.
 */
export interface PortChoice {
  port: number;
  whenTaken: 'any-free-port' | 'fail';
  /** The environment variable that set the port, named in the error when it is taken. */
  setting?: string;
}

/** Resolves a PortChoice on `host`; `reserved` are ports already chosen for the same process. */
export async function choosePort(choice: PortChoice, host = '127.0.0.1', reserved: number[] = []): Promise<number> {
  if (choice.port === 0) {
    for (;;) {
      const port = await freePort(host);
      if (!reserved.includes(port)) return port;
    }
  }
  const clash = reserved.includes(choice.port)
    ? 'is already given to another server of this start'
    : (await portInUse(choice.port, host)) && `on ${host} is already in use`;
  if (!clash) return choice.port;
  if (choice.whenTaken === 'any-free-port') return choosePort({ ...choice, port: 0 }, host, reserved);
  throw new Error(`${choice.setting ?? 'Port'}: port ${choice.port} ${clash}; stop what listens there or choose another port`);
}
