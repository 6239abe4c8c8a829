// The web page, end to end, in headless Chromium against a running stack: enter the key, upload a
// photo to upscale, watch live progress, see the result in the gallery with a download link; make
// headshots from a selfie with the headshot form, cancel that job, delete it with its own button;
// then "delete my data now". Exits non-zero on any failure, including a browser that cannot start.
//
//   node scripts/browser-e2e.mjs GATEWAY_URL IMAGE.png OUT_DIR [EXPECTED_WxH] [SELFIE.jpg]
//
// Needs `npm ci --prefix scripts` (playwright-core, which drives the system's Chromium: its own
// browser download is not used) and Chromium at $CHROMIUM (default /usr/bin/chromium). The key is
// $E2E_KEY (default dev-premium-key). Writes OUT_DIR/browser-e2e.png, a screenshot of the page with
// the result in the gallery.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [base, image, outDir, expected = '256x192', selfie = 'generator-worker/src/test/resources/photos/astronaut.jpg']
  = process.argv.slice(2);
if (!base || !image || !outDir) {
  console.error('usage: node scripts/browser-e2e.mjs GATEWAY_URL IMAGE OUT_DIR [EXPECTED_WxH]');
  process.exit(2);
}
const key = process.env.E2E_KEY || 'dev-premium-key';
const [expectedWidth, expectedHeight] = expected.split('x').map(Number);
const JOB_TIMEOUT = 240_000;

const profile = mkdtempSync(join(tmpdir(), 'headshots-chromium-'));
const problems = [];
let context;

function step(what) {
  console.log('  browser: ' + what);
}

try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    timeout: 60_000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1100, height: 1400 },
  });
  const page = context.pages()[0] || await context.newPage();
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  // A refused request is logged by Chromium as "Failed to load resource"; the script checks answers itself.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push('console error: ' + m.text());
  });
  page.on('dialog', (d) => d.accept());
  // Nothing but the gateway: the page must load nothing from elsewhere.
  await page.route((url) => !url.href.startsWith(base), (route) => {
    problems.push('request outside the gateway: ' + route.request().url());
    return route.abort();
  });

  await page.goto(base + '/', { waitUntil: 'load' });
  step('page loaded');
  await page.locator('#key').fill(key);
  await page.locator('#key').dispatchEvent('change');
  await page.locator('#models option[value="realesrgan-x4fast"]').waitFor({ state: 'attached' });
  await page.waitForFunction(() => document.querySelectorAll('#models option').length > 2);
  step('key entered, catalogue loaded');

  // Live progress: record every status the page shows while the job runs.
  await page.evaluate(() => {
    window.seenStatuses = [];
    new MutationObserver(() => {
      const s = document.getElementById('job-status').textContent;
      if (s && window.seenStatuses[window.seenStatuses.length - 1] !== s) window.seenStatuses.push(s);
    }).observe(document.getElementById('job-status'), { childList: true, characterData: true, subtree: true });
  });
  await page.locator('#upscale input[name=image]').setInputFiles(image);
  await page.locator('#upscale select[name=model]').selectOption('realesrgan-x4fast');
  await page.locator('#upscale select[name=scale]').selectOption('4');
  const [request] = await Promise.all([
    page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/v1/upscales')),
    page.locator('#upscale button[type=submit]').click(),
  ]);
  const form = (request.postDataBuffer() || Buffer.alloc(0)).toString('latin1');
  // (Chromium reports the parts of a multipart body, not the bytes of its file.)
  if (!/name="image"; filename="[^"]+"/.test(form) || !/name="model"\r\n\r\nrealesrgan-x4fast\r\n/.test(form)) {
    throw new Error('the form did not send the image with the chosen model');
  }
  await page.waitForFunction(() => document.getElementById('job-id').textContent.length > 0);
  const jobId = await page.locator('#job-id').textContent();
  step('submitted job ' + jobId);

  await page.waitForFunction(() => ['succeeded', 'failed', 'partially_succeeded', 'canceled']
    .includes(document.getElementById('job-status').textContent), null, { timeout: JOB_TIMEOUT });
  const status = await page.locator('#job-status').textContent();
  const seen = await page.evaluate(() => window.seenStatuses);
  step('statuses shown live: ' + seen.join(' -> '));
  if (status !== 'succeeded') throw new Error('the job ended ' + status + ': ' + await page.locator('#job-error').textContent());
  if (await page.locator('#job-progress').evaluate((p) => p.value) !== 100) throw new Error('progress bar not at 100');

  // The result in the gallery: a real image of the expected size, with a download link.
  const card = page.locator(`#gallery article[data-job-id="${jobId}"]`);
  await card.waitFor({ timeout: 30_000 });
  const img = card.locator('figure img').first();
  await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle(), { timeout: 30_000 });
  const size = await img.evaluate((el) => [el.naturalWidth, el.naturalHeight]);
  step('gallery shows the result at ' + size.join('x'));
  if (size[0] !== expectedWidth || size[1] !== expectedHeight) throw new Error('result is ' + size.join('x') + ', not ' + expected);
  const link = card.locator('a.download').first();
  const href = await link.getAttribute('href');
  if (!href || !href.startsWith('blob:') || (await link.getAttribute('download')) === null) {
    throw new Error('no download link on the result (href ' + href + ')');
  }
  const download = await Promise.all([page.waitForEvent('download'), link.click()]).then(([d]) => d);
  const saved = join(outDir, 'browser-download.png');
  await download.saveAs(saved);
  step('download link saves ' + download.suggestedFilename());
  await page.locator('#results').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(outDir, 'browser-e2e.png'), fullPage: true });
  step('screenshot: ' + join(outDir, 'browser-e2e.png'));

  // The headshot form: a selfie, the first style, one output; then cancel the job and delete it
  // with the job's own buttons (a premium headshot takes minutes on a CPU: the cancel comes first).
  await page.locator('#styles input[name=styles]').first().waitFor({ state: 'attached' });
  const style = await page.locator('#styles input[name=styles]:checked').first().getAttribute('value');
  await page.locator('#headshots input[name=photo]').setInputFiles(selfie);
  await page.locator('#headshots input[name=count]').fill('1');
  const [headshotRequest] = await Promise.all([
    page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/v1/headshots')),
    page.locator('#headshots button[type=submit]').click(),
  ]);
  const headshotForm = (headshotRequest.postDataBuffer() || Buffer.alloc(0)).toString('latin1');
  if (!/name="photo"; filename="[^"]+"/.test(headshotForm) || !headshotForm.includes('name="styles"\r\n\r\n' + style + '\r\n')
    || !/name="count"\r\n\r\n1\r\n/.test(headshotForm)) {
    throw new Error('the headshot form did not send the photo, the style ' + style + ' and the count');
  }
  await page.waitForFunction((previous) => {
    const id = document.getElementById('job-id').textContent;
    return id.length > 0 && id !== previous;
  }, jobId);
  const headshotJob = await page.locator('#job-id').textContent();
  step('headshot job ' + headshotJob + ' submitted from the form (style ' + style + ')');
  await page.locator('#cancel').click();
  await page.waitForFunction(() => document.getElementById('job-status').textContent === 'canceled', null,
    { timeout: 60_000 });
  step('"Cancel job" turned it canceled');
  await page.locator('#delete').click();
  await page.waitForFunction(() => document.getElementById('message').textContent === 'Deleted.');
  const deletedAnswer = await page.evaluate(async ([k, id]) => (await fetch('/v1/jobs/' + id,
    { headers: { Authorization: 'Bearer ' + k } })).status, [key, headshotJob]);
  if (deletedAnswer !== 404) throw new Error('the job deleted with "Delete job" answers ' + deletedAnswer);
  await page.waitForFunction((id) => !document.querySelector(`#gallery article[data-job-id="${id}"]`), headshotJob);
  step('"Delete job" deleted it: 404, gone from the gallery');

  // Delete my data now: the gallery empties, and the API agrees.
  await page.locator('#erase').click();
  await page.waitForFunction(() => /^Deleted \d+ jobs?/.test(document.getElementById('message').textContent));
  step(await page.locator('#message').textContent());
  await page.waitForFunction(() => document.querySelectorAll('#gallery article').length === 0);
  const after = await page.evaluate(async ([k, id]) => {
    const h = { Authorization: 'Bearer ' + k };
    const list = await (await fetch('/v1/jobs', { headers: h })).json();
    const job = await fetch('/v1/jobs/' + id, { headers: h });
    return { listed: list.jobs.length, job: job.status };
  }, [key, jobId]);
  if (after.listed !== 0 || after.job !== 404) throw new Error('data left after deletion: ' + JSON.stringify(after));
  step('after "delete my data now": no jobs listed, the job is 404');
  if (problems.length) throw new Error(problems.join('; '));
} catch (e) {
  console.error('browser-e2e: ' + (e && e.message ? e.message : e));
  if (problems.length) console.error('browser-e2e: also ' + problems.join('; '));
  process.exitCode = 1;
} finally {
  if (context) await context.close().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
}
