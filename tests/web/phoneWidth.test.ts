// @module-tag browser
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishFlows } from '../support/publishFlows';
import { openConsoleSession, type ConsoleSession } from '../support/consoleSession';
import { saveScreenshot, type WebWorld } from '../support/webWorld';

let session: ConsoleSession;
let world: WebWorld;
let page: Page;
let workerId: string;

beforeAll(async () => {
  session = await openConsoleSession({
    flow: 'wellbeing-checkin',
    staff: { role: 'org_admin', email: 'admin@example.test', name: 'Ada Administrator' },
    prepare: async (w) => {
      const worker = await w.addWorker({ fullName: 'Wanjiku Achieng Mwangi-Otieno' });
      workerId = worker.id;
      await w.enroll(worker.id);
      await publishFlows(w.em(), ['safety-training']);
    },
  });
  ({ world, page } = session);
});
afterAll(() => session?.close());

interface Box { id: string; left: number; top: number; right: number; bottom: number }

/** The boxes on the page of the drawn diagram's elements matching `selector` (zero-sized ones left out), named by `data-id` or text. */
function boxesOf(p: Page, selector: string): Promise<Box[]> {
  return p.locator(`pre.mermaid svg ${selector}`).evaluateAll((elements) =>
    elements
      .map((element) => ({ element, box: element.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && box.height > 0)
      .map(({ element, box }) => ({ id: element.getAttribute('data-id') ?? element.textContent ?? '', left: box.left, top: box.top, right: box.right, bottom: box.bottom })));
}

const inside = (a: Box, b: Box) => a.left >= b.left && a.right <= b.right && a.top >= b.top && a.bottom <= b.bottom;
const overlap = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

describe('the console on a phone (390 px wide)', () => {
  it('overflows on no main page: the navigation wraps, tables scroll inside their own box', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const paths = ['/coach/workers', `/coach/workers/${workerId}`, '/coach/programs', `/coach/programs/${world.program.id}`, '/coach/journeys',
      `/coach/journeys/${world.blueprint.id}`, '/coach/broadcasts', '/coach/simulator', '/coach/channels', `/coach/channels/${world.channel.id}`];
    const wide: string[] = [];
    for (const path of paths) {
      await page.goto(`${world.baseUrl}${path}`);
      if (path.startsWith('/coach/journeys/')) await page.waitForSelector('pre.mermaid svg', { timeout: 15_000 });
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 390) wide.push(`${path}: ${width}px`);
    }
    await page.goto(`${world.baseUrl}/coach/workers`);
    await saveScreenshot(page, 'workers-390');
    expect(wide).toEqual([]);
  });
});

describe('a journey diagram', () => {
  const phaseKeys = { 'wellbeing-checkin': ['checkin', 'close', 'support'], 'safety-training': ['exits', 'lifting', 'spills'] };
  it.each(Object.entries(phaseKeys))('draws the phases of %s side by side, none nested in another, with no edge label over another', async (key, keys) => {
    const [blueprint] = await world.sql<{ id: string }>('select id from journey_blueprints where organization_id = :organization_id and key = :key', { key });
    await page.setViewportSize({ width: 1200, height: 900 });
    await page.goto(`${world.baseUrl}/coach/journeys/${blueprint.id}`);
    await page.waitForSelector('pre.mermaid svg', { timeout: 15_000 });
    const phases = await boxesOf(page, 'g.statediagram-cluster[data-id]');
    expect(phases.map((p) => p.id).sort()).toEqual(keys);
    const nested = phases.flatMap((a) => phases.filter((b) => b !== a && inside(a, b)).map((b) => `${a.id} inside ${b.id}`));
    expect(nested).toEqual([]);
    const labels = await boxesOf(page, 'g.edgeLabel');
    expect(labels.length).toBeGreaterThanOrEqual(5);
    const crossed = labels.flatMap((a, i) => labels.slice(i + 1).filter((b) => overlap(a, b)).map((b) => `${a.id} over ${b.id}`));
    expect(crossed).toEqual([]);
    await saveScreenshot(page, `journey-${key}`);
  });
});
