/**
 * nginx in front of the instances, as a child process (`daemon off`) with its config and every
 * file it writes in a temporary prefix directory. The proxy part of the config is the one
 * docs/deploy.md shows.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { send } from './http-client.ts';
import { freePort } from '../../server/testing/free-port.ts';

/**
 * The `upstream` and `server` blocks for Session Control behind nginx (`extra` is appended to
 * both locations). nginx is the edge: it
 * replaces (does not append to) X-Forwarded-For with the address it saw, so a client cannot
 * plant an address, and the instances trust exactly one loopback hop (TRUST_PROXY=loopback).
 */
export function sessionControlProxyConfig(listen: string, upstreams: readonly string[], extra = ''): string {
  return `
  upstream session_control {
${upstreams.map((address) => `    server ${address} max_fails=1 fail_timeout=2s;`).join('\n')}
    keepalive 16;
  }

  server {
    listen ${listen};

    # The live event stream (GET /api/events, Server-Sent Events): nothing buffered, so an event
    # leaves at once, and a read timeout above the server's keep-alive comment (every 20 s).
    location = /api/events {
      proxy_pass http://session_control;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_buffering off;
      proxy_cache off;
      proxy_next_upstream error;
      proxy_connect_timeout 2s;
      proxy_read_timeout 60s;${extra}
    }

    location / {
      proxy_pass http://session_control;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto $scheme;
      # Only connection failures move a request to the other instance; a request that reached an
      # instance is never replayed (a refresh or revocation must not run twice).
      proxy_next_upstream error;
      proxy_connect_timeout 2s;
      proxy_read_timeout 30s;
      client_max_body_size 32k;${extra}
    }
  }`;
}

export interface Nginx {
  url: string;
  accessLog(): string;
  stop(): Promise<void>;
}

/** Starts nginx round-robining over `upstreamPorts` on 127.0.0.1 and waits until it proxies. */
export async function startNginx(upstreamPorts: readonly number[]): Promise<Nginx> {
  const prefix = mkdtempSync(join(tmpdir(), 'session-control-nginx-'));
  for (const dir of ['logs', 'temp']) mkdirSync(join(prefix, dir));
  const port = await freePort();
  const config = `
daemon off;
master_process on;
worker_processes 1;
pid ${join(prefix, 'nginx.pid')};
error_log ${join(prefix, 'logs', 'error.log')} warn;
${process.getuid?.() === 0 ? 'user root root;' : ''}

events {
  worker_connections 512;
}

http {
  access_log ${join(prefix, 'logs', 'access.log')} combined;
  client_body_temp_path ${join(prefix, 'temp', 'body')};
  proxy_temp_path ${join(prefix, 'temp', 'proxy')};
  fastcgi_temp_path ${join(prefix, 'temp', 'fastcgi')};
  uwsgi_temp_path ${join(prefix, 'temp', 'uwsgi')};
  scgi_temp_path ${join(prefix, 'temp', 'scgi')};
${sessionControlProxyConfig(
  `127.0.0.1:${port}`,
  upstreamPorts.map((upstream) => `127.0.0.1:${upstream}`),
  // Test only: say which instance answered, to check that both served.
  '\n      add_header X-Upstream $upstream_addr always;',
)}
}
`;
  const configPath = join(prefix, 'nginx.conf');
  writeFileSync(configPath, config);
  const output: string[] = [];
  const child: ChildProcess = spawn(
    'nginx',
    ['-c', configPath, '-p', prefix, '-e', join(prefix, 'logs', 'error.log')],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGQUIT');
      const forced = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(forced);
    }
    rmSync(prefix, { recursive: true, force: true });
  };

  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) {
      const errorLog = readFileSafe(join(prefix, 'logs', 'error.log'));
      await stop();
      throw new Error(`nginx exited: ${output.join('')}\n${errorLog}`);
    }
    const ready = await send(url, 'GET', '/healthz', { timeoutMs: 1_000 }).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`nginx did not proxy /healthz within 10 s: ${output.join('')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, accessLog: () => readFileSafe(join(prefix, 'logs', 'access.log')), stop };
}

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
