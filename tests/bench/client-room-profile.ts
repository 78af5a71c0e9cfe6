/**
 * Where the time goes while the room bench's ten pages type (`npm run bench:client -- --only=room --profile=DIR`):
 * every page's main thread as Chromium accounts it (CDP Performance.getMetrics: tasks, script, layout, style),
 * the CPU of each of Chromium's processes and of the server over the same window (Linux /proc: the renderers
 * also raster and composite on other threads, the GPU process composites in software), and a sampled CPU
 * profile of one page (DIR/page.cpuprofile, open it in Chrome's DevTools), summarised by function and by package.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';

type Metrics = Record<string, number>;

const TICKS = 100; // clock ticks per second for /proc/<pid>/stat on Linux

function children(): Map<number, number[]> {
  const kids = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = kids.get(parent) ?? [];
      list.push(Number(entry));
      kids.set(parent, list);
    } catch {
      // gone meanwhile
    }
  }
  return kids;
}

/** CPU seconds (user + system) of every process below this one, by kind (renderer, gpu-process, server, ...). */
function processCpu(): Map<string, number> {
  const kids = children();
  const out = new Map<string, number>();
  const own = process.cpuUsage();
  out.set('bench (playwright driver)', (own.user + own.system) / 1e6);
  const stack = [...(kids.get(process.pid) ?? [])];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    stack.push(...(kids.get(pid) ?? []));
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const seconds = (Number(fields[11]) + Number(fields[12])) / TICKS;
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const type = /--type=([\w-]+)/.exec(cmdline)?.[1];
      const kind = type ?? (/chrom/i.test(cmdline) ? 'browser' : /server\/(main|start)/.test(cmdline) ? 'server' : 'other');
      out.set(kind, (out.get(kind) ?? 0) + seconds);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

function packageOf(url: string, name: string): string {
  if (url === '') return name.startsWith('(') ? name : '(native)';
  const m = /node_modules\/(\.vite\/deps\/)?((@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[2]!;
  return url.replace(/^.*?\/(assets|src)\//, '$1/');
}

/** Self time by function and by package, and total (self + callees) time of the app's own functions. */
export function summariseProfile(profile: Profile, top = 40): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) self.set(profile.samples[i]!, (self.get(profile.samples[i]!) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const fnKey = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${packageOf(n.callFrame.url, n.callFrame.functionName)}:${n.callFrame.lineNumber + 1}`;
  const selfByFn = new Map<string, number>();
  const selfByPkg = new Map<string, number>();
  const totalByFn = new Map<string, number>();
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    selfByFn.set(fnKey(n), (selfByFn.get(fnKey(n)) ?? 0) + us);
    const pkg = packageOf(n.callFrame.url, n.callFrame.functionName);
    selfByPkg.set(pkg, (selfByPkg.get(pkg) ?? 0) + us);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = fnKey(byId.get(at)!);
      if (seen.has(key)) continue;
      seen.add(key);
      totalByFn.set(key, (totalByFn.get(key) ?? 0) + us);
    }
  }
  const seconds = (profile.endTime - profile.startTime) / 1e6;
  const fmt = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => `  ${(us / 1000 / seconds).toFixed(1).padStart(7)} ms/s  ${k}`)
      .join('\n');
  return [`profile of ${seconds.toFixed(1)} s`, 'self time by package:', fmt(selfByPkg), 'self time by function:', fmt(selfByFn), 'total time (self + callees) by function:', fmt(totalByFn)].join('\n');
}

/** Trace categories: every thread's tasks with their CPU time (tdur), Blink's phases and V8's GC. */
const TRACE_CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'cc', 'gpu', 'viz', 'v8', 'v8.execute', 'disabled-by-default-v8.gc'];
const TRACE_MS = 15_000;

export async function startProfile(dir: string, pages: readonly { context: BrowserContext; page: Page }[], browser: Browser, profiled = 1) {
  // A Chromium trace of every process for the first TRACE_MS (DIR/trace.json): thread CPU time of each task.
  await browser.startTracing(pages[profiled]!.page, { path: join(dir, 'trace.json'), categories: TRACE_CATEGORIES });
  const tracing = new Promise((r) => setTimeout(r, TRACE_MS)).then(() => browser.stopTracing());
  const sessions: CDPSession[] = [];
  for (const { context, page } of pages) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    sessions.push(cdp);
  }
  const read = async () => Promise.all(sessions.map(async (cdp): Promise<Metrics> => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]))));
  await pages[profiled]!.page.screenshot({ path: join(dir, 'page.png') });
  const view = await pages[profiled]!.page.evaluate(() => {
    const c = (window as unknown as { __plenary: { controller: { viewport: { camera: { scale: number }; stage: { find(s: string): { visible(): boolean }[]; getChildren(): { name(): string; getCanvas(): { width: number; height: number } }[] } | null } } } }).__plenary.controller;
    const stage = c.viewport.stage;
    return { scale: c.viewport.camera.scale, notesShown: stage?.find('.note').filter((n) => n.visible()).length, texts: stage?.find('.note-text').length, layers: stage?.getChildren().map((l) => `${l.name()} ${l.getCanvas().width}x${l.getCanvas().height}`) };
  });
  const profiler = sessions[profiled]!;
  await profiler.send('Profiler.enable');
  await profiler.send('Profiler.setSamplingInterval', { interval: 200 });
  await profiler.send('Profiler.start');
  const before = await read();
  const cpuBefore = processCpu();
  const startedAt = performance.now();
  return async (keysTyped: number): Promise<string> => {
    await tracing;
    const after = await read();
    const cpuAfter = processCpu();
    const seconds = (performance.now() - startedAt) / 1000;
    const { profile } = (await profiler.send('Profiler.stop')) as unknown as { profile: Profile };
    writeFileSync(join(dir, 'page.cpuprofile'), JSON.stringify(profile));
    const rate = (name: string, i: number) => ((after[i]![name]! - before[i]![name]!) * 1000) / seconds;
    const cpu = (name: string) => pages.reduce((sum, _, i) => sum + (after[i]![name]! - before[i]![name]!) * 1000, 0);
    const lines = [
      `page ${profiled}'s view: ${JSON.stringify(view)}`,
      `${keysTyped} keys typed in the window (${(keysTyped / seconds).toFixed(1)} a second, each seen by ${pages.length - 1} other pages); all pages' CPU per key typed: main threads ${(cpu('ThreadTime') / keysTyped).toFixed(1)} ms, renderer processes ${(cpu('ProcessTime') / keysTyped).toFixed(1)} ms`,
      `window ${seconds.toFixed(1)} s; main thread per page, ms per second (TaskDuration / Script / Layout / RecalcStyle), page ${profiled} profiled:`];
    pages.forEach((_, i) => lines.push(`  page ${i}: ${['TaskDuration', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration'].map((n) => rate(n, i).toFixed(0)).join(' / ')}; CPU: main thread ${rate('ThreadTime', i).toFixed(0)}, renderer process ${rate('ProcessTime', i).toFixed(0)}; JS heap ${(after[i]!['JSHeapUsedSize']! / 1e6).toFixed(1)} MB`));
    lines.push('CPU by process kind, ms per second (all processes of that kind summed):');
    for (const [kind, total] of [...cpuAfter].sort((a, b) => b[1] - a[1])) {
      const used = (total - (cpuBefore.get(kind) ?? 0)) * 1000;
      lines.push(`  ${kind}: ${(used / seconds).toFixed(0)} (${(used / keysTyped).toFixed(1)} ms per key typed)`);
    }
    lines.push(summariseProfile(profile));
    const text = lines.join('\n');
    writeFileSync(join(dir, 'summary.txt'), text);
    await Promise.all(sessions.map((cdp) => cdp.detach().catch(() => undefined)));
    return text;
  };
}
