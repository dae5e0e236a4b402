/**
 * The request path under `node --cpu-prof`: one strict-mode SQLite server loaded with
 * `GET /api/me`, its profile summarised as self time per function and per package.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadMe } from './request-path.ts';
import { signUp } from '../server/testing/sign-up.ts';
import { BARE_SCRIPT, MAIN_SCRIPT, ROOT, sessionControlEnv, startTarget } from './lib/child.ts';
import { accessCookie, BENCH_ACCOUNT } from './lib/http.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileRow {
  name: string;
  where: string;
  selfMs: number;
  percent: number;
}

export interface ProfileSummary {
  target: 'strict' | 'bare';
  totalMs: number;
  requestsPerSecond: number;
  /** 2xx responses served inside the profiled window (the measured load, without warm-up). */
  requests: number;
  functions: ProfileRow[];
  packages: ProfileRow[];
  file: string;
}

function place(url: string): { where: string; bucket: string } {
  if (url === '') return { where: '(native/VM)', bucket: '(VM: GC, idle, program)' };
  const path = url.startsWith('file://') ? url.slice('file://'.length) : url;
  const modules = path.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = path.slice(modules + 'node_modules/'.length).split('/');
    const name = rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? '?');
    return { where: rest.join('/'), bucket: name };
  }
  if (path.startsWith('node:')) return { where: path, bucket: 'node core' };
  if (path.startsWith(ROOT)) {
    const local = relative(ROOT, path);
    const folder = local
      .replace(/^dist\/node\//, '')
      .split('/')
      .slice(0, 2)
      .join('/');
    return { where: local.replace(/^dist\/node\//, ''), bucket: `ours: ${folder}` };
  }
  return { where: path, bucket: 'other' };
}

/** Monotonic clock in microseconds: the clock V8 stamps profile samples with. */
export function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/**
 * Self time per function and per package of a .cpuprofile, counting only the samples taken inside
 * `window` (monotonic microseconds), so start-up and set-up stay out of the figures.
 */
export function summariseProfile(
  profile: CpuProfile,
  window?: { from: number; to: number },
): { totalMs: number; functions: ProfileRow[]; packages: ProfileRow[] } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    at += delta;
    if (window !== undefined && (at < window.from || at > window.to)) return;
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + delta);
  });
  const functions = new Map<string, ProfileRow>();
  const packages = new Map<string, ProfileRow>();
  let totalMicros = 0;
  for (const [id, micros] of selfMicros) {
    const node = byId.get(id);
    if (node === undefined) continue;
    totalMicros += micros;
    const { where, bucket } = place(node.callFrame.url);
    const name = node.callFrame.functionName || '(anonymous)';
    const key = `${name}@${where}:${node.callFrame.lineNumber + 1}`;
    const row = functions.get(key) ?? {
      name,
      where: node.callFrame.url === '' ? where : `${where}:${node.callFrame.lineNumber + 1}`,
      selfMs: 0,
      percent: 0,
    };
    row.selfMs += micros / 1000;
    functions.set(key, row);
    const pkgKey = node.callFrame.url === '' ? name : bucket;
    const pkg = packages.get(pkgKey) ?? { name: pkgKey, where: '', selfMs: 0, percent: 0 };
    pkg.selfMs += micros / 1000;
    packages.set(pkgKey, pkg);
  }
  const finish = (rows: Iterable<ProfileRow>): ProfileRow[] =>
    [...rows]
      .map((row) => ({ ...row, percent: (100 * row.selfMs) / (totalMicros / 1000) }))
      .sort((a, b) => b.selfMs - a.selfMs);
  return { totalMs: totalMicros / 1000, functions: finish(functions.values()), packages: finish(packages.values()) };
}

export async function profileRequestPath(
  tempDir: string,
  durationSeconds: number,
  target: 'strict' | 'bare',
): Promise<ProfileSummary> {
  const profileDir = join(tempDir, `cpu-profile-${target}`);
  const server = await startTarget({
    name: `profiled ${target}`,
    script: target === 'bare' ? BARE_SCRIPT : MAIN_SCRIPT,
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`],
    env:
      target === 'bare'
        ? {}
        : sessionControlEnv({ DATABASE_URL: `sqlite:${join(tempDir, 'profile.db')}`, REVOCATION_MODE: 'strict' }),
  });
  let requestsPerSecond = Number.NaN;
  let requests = 0;
  const window = { from: 0, to: 0 };
  try {
    const cookie =
      target === 'bare'
        ? null
        : accessCookie(await signUp(server.url, { ...BENCH_ACCOUNT, email: 'bench-profile@example.com' }));
    await loadMe(server.url, cookie, 1);
    window.from = monotonicMicros();
    const load = await loadMe(server.url, cookie, durationSeconds);
    window.to = monotonicMicros();
    requestsPerSecond = load.requestsPerSecond;
    requests = load.requests;
  } finally {
    await server.stop();
  }
  const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
  if (file === undefined) throw new Error('node --cpu-prof wrote no profile');
  const profile = JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as CpuProfile;
  return { target, ...summariseProfile(profile, window), requestsPerSecond, requests, file: join(profileDir, file) };
}
