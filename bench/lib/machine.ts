/** What the bench reports about the machine it ran on, and whether PostgreSQL answers. */
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { MachineInfo } from '../report-format.ts';

function packageVersion(root: string, name: string): string {
  try {
    return (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return 'not installed';
  }
}

export function machineInfo(root: string): MachineInfo {
  return {
    date: new Date().toISOString(),
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: totalmem() / 2 ** 30,
    node: process.version,
    os: `${type()} ${release()}`,
    versions: Object.fromEntries(
      ['express', 'better-sqlite3', 'pg', 'jose', 'autocannon'].map((name) => [name, packageVersion(root, name)]),
    ),
    loadAverageStart: loadavg(),
    loadAverageEnd: loadavg(),
    runSeconds: 0,
  };
}

/** Null when PostgreSQL at `url` answers, else why not. */
export async function postgresAnswers(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return `PostgreSQL at ${url} does not answer: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    await client.end().catch(() => {});
  }
}
