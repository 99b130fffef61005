// history.mjs - the history page (<pub>-history.html) in a real browser
// (Debian's Chromium, headless, driven by playwright-core).  Run by
// tests/cli/history.sh:
//
//   node tests/browser/history.mjs --page P.html --version V1 --version V2 ...
//        [--hostile H.html]... [--shots DIR --shot-name NAME]
//
// Prints one line per check, "ok NAME" or "not ok NAME: detail", and exits
// 1 if any check failed (2 if the browser could not be started).
// Checks: without the script every change is shown and the buttons are
// hidden; each version button shows exactly that version's words (the
// version files, in order) and no mark; "All changes" comes back; #vN opens
// version N; arrow keys move between versions; text contrast; no network
// request, console error or CSP violation; hostile pages run no script.
// Screenshots at 1400 and 420 pixels wide.
import { chromium } from "playwright-core";
import { readFileSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const args = { version: [], hostile: [] };
for (let i = 2; i < process.argv.length; i++) {
  const k = process.argv[i].replace(/^--/, "");
  const v = process.argv[++i];
  if (k === "version" || k === "hostile") args[k].push(v);
  else args[k] = v;
}
if (!args.page || args.version.length < 2) {
  console.error("usage: history.mjs --page P.html --version F1 --version F2 ... [--shots DIR --shot-name NAME]");
  process.exit(2);
}

let failures = 0;
function report(name, ok, detail) {
  if (ok) console.log(`ok ${name}`);
  else {
    failures++;
    console.log(`not ok ${name}${detail ? ": " + detail : ""}`);
  }
}

// The words of a version file, as in e2e.mjs: front matter and Markdown
// link destinations removed, then every run of letters and digits.
function sourceWords(path) {
  let t = readFileSync(path, "utf8");
  if (t.startsWith("\ufeff")) t = t.slice(1);
  const fm = t.match(/^---[ \t]*\r?\n[\s\S]*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/);
  if (fm) t = t.slice(fm[0].length);
  if (!path.endsWith(".txt")) t = t.replace(/\]\([^)]*\)/g, "]");
  return words(t);
}
function words(t) {
  return t.normalize("NFC").match(/[\p{L}\p{N}]+/gu) || [];
}
function firstDiff(a, b) {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (i === a.length && i === b.length) return null;
  return `word ${i}: expected [${b.slice(i, i + 8).join(" ")}], page shows [${a.slice(i, i + 8).join(" ")}] ` +
    `(${a.length} words on the page, ${b.length} expected)`;
}

let browser;
try {
  browser = await chromium.launch({
    executablePath: process.env.RL_CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
} catch (e) {
  console.log(`not ok browser starts: ${String(e.message || e).split("\n")[0]}`);
  process.exit(2);
}

async function open(file, { width = 1400, height = 1000, hash = "", js = true } = {}) {
  const ctx = await browser.newContext({ viewport: { width, height }, javaScriptEnabled: js });
  const page = await ctx.newPage();
  const log = { requests: [], errors: [], dialogs: [] };
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith("file:") && !u.startsWith("data:")) log.requests.push(u);
  });
  page.on("console", (m) => { if (m.type() === "error") log.errors.push(m.text()); });
  page.on("pageerror", (e) => log.errors.push(String(e)));
  page.on("dialog", (d) => { log.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  if (js) {
    await page.addInitScript(() => {
      window.__csp = [];
      document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI));
    });
  }
  await page.goto(pathToFileURL(resolve(file)).href + hash);
  await page.waitForLoadState("load");
  return { ctx, page, log };
}

// The words shown in the text (main), leaving out version marks, the
// margin badges and visually hidden text.
async function shownWords(page) {
  const text = await page.evaluate(() => {
    const out = [];
    const w = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
    for (let n = w.nextNode(); n; n = w.nextNode()) {
      const el = n.parentElement;
      if (el.closest(".hm, .hvs, .hmove, .vh")) continue;
      if (!el.checkVisibility()) continue;
      out.push(n.data);
    }
    return out.join("");
  });
  return words(text);
}
const visibleCount = (page, sel) => page.evaluate((s) =>
  [...document.querySelectorAll(s)].filter((e) => e.checkVisibility()).length, sel);

const want = args.version.map(sourceWords);

// ---- without the script: every change shown, no buttons -------------------
{
  const { ctx, page } = await open(args.page, { js: false });
  report("without JavaScript the buttons are hidden", !(await page.locator("#controls").isVisible()));
  const all = await shownWords(page);
  const most = Math.max(...want.map((w) => w.length));
  report("without JavaScript all changes are shown", all.length >= most && (await visibleCount(page, "main .hm")) > 0,
    `${all.length} words, the longest version has ${most}`);
  await ctx.close();
}

// ---- the page ---------------------------------------------------------------
{
  const { ctx, page, log } = await open(args.page);
  report("script ran (buttons shown)", await page.locator("#controls").isVisible());
  const nbuttons = await page.locator("input[name=at]").count();
  report("one button per version, and All changes", nbuttons === want.length + 1, `${nbuttons} buttons`);
  const all = await shownWords(page);
  const marks = await visibleCount(page, "main .hm");
  report("All changes shows version marks", marks > 0, `${marks} marks`);
  for (let k = 0; k < want.length; k++) {
    await page.locator(`input[name=at][value="${k}"]`).check();
    const got = await shownWords(page);
    const d = firstDiff(got, want[k]);
    report(`v${k + 1} shows exactly the words of ${args.version[k].split("/").pop()}`, d === null, d);
    report(`v${k + 1} shows no version mark`, (await visibleCount(page, "main .hm")) === 0);
    report(`v${k + 1} shows fewer words than All changes`, got.length < all.length, `${got.length} of ${all.length}`);
    const at = await page.evaluate(() => document.body.getAttribute("data-at"));
    report(`v${k + 1} sets body[data-at]`, at === String(k), String(at));
    const now = await page.locator("#hnow").textContent();
    report(`v${k + 1} says which version is shown`, now.includes(`v${k + 1}`), now);
  }
  await page.locator('input[name=at][value="all"]').check();
  report("All changes comes back unchanged", firstDiff(await shownWords(page), all) === null);

  // Keyboard: the buttons are a radio group, arrow keys move the view.
  await page.locator('input[name=at][value="0"]').focus();
  await page.keyboard.press("Space");
  await page.keyboard.press("ArrowRight");
  report("ArrowRight moves to the next version", await page.evaluate(() => document.body.getAttribute("data-at")) === "1");
  const focusStyle = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  report("the focused button shows an outline", focusStyle !== "none", focusStyle);

  // Contrast of text against its background (WCAG 2: at least 4.5:1), in
  // All changes and in the last version's view.
  const contrast = () => page.evaluate(() => {
    const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
      .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
    const bg = (el) => {
      for (; el; el = el.parentElement) {
        const c = rgb(getComputedStyle(el).backgroundColor);
        if (c.length === 3 || c[3] > 0) return c;
      }
      return [255, 255, 255];
    };
    const bad = [];
    for (const el of document.querySelectorAll("main p, main h2, main ins, main del, .hm, .hm span, .hvs span, .hsw, .hvers li, .hkey li, .controls label, .hnow, .edition")) {
      if (!el.checkVisibility()) continue;
      const a = lum(rgb(getComputedStyle(el).color)), b = lum(bg(el));
      const r = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      if (r < 4.5) bad.push(`${el.tagName.toLowerCase()}.${el.className} ${r.toFixed(2)}`);
    }
    return [...new Set(bad)];
  });
  await page.locator('input[name=at][value="all"]').check();
  let low = await contrast();
  report("contrast at least 4.5:1 (All changes)", low.length === 0, low.slice(0, 5).join(", "));
  await page.locator(`input[name=at][value="${want.length - 1}"]`).check();
  low = await contrast();
  report(`contrast at least 4.5:1 (v${want.length})`, low.length === 0, low.slice(0, 5).join(", "));

  if (args.shots) {
    mkdirSync(args.shots, { recursive: true });
    const name = args["shot-name"] || "history";
    await page.locator('input[name=at][value="all"]').check();
    await page.screenshot({ path: join(args.shots, `${name}-wide.png`), animations: "disabled" });
    await page.evaluate(() => window.scrollTo(0, 1400));
    await page.screenshot({ path: join(args.shots, `${name}-wide-text.png`), animations: "disabled" });
    await page.locator('input[name=at][value="1"]').check();
    await page.screenshot({ path: join(args.shots, `${name}-wide-v2.png`), animations: "disabled" });
    await page.locator('input[name=at][value="all"]').check();
    await page.setViewportSize({ width: 420, height: 900 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(args.shots, `${name}-narrow.png`), animations: "disabled" });
    await page.evaluate(() => window.scrollTo(0, 2000));
    await page.screenshot({ path: join(args.shots, `${name}-narrow-text.png`), animations: "disabled" });
  }
  report("no network request", log.requests.length === 0, log.requests.slice(0, 3).join(" "));
  report("no console error", log.errors.length === 0, log.errors.slice(0, 3).join(" | "));
  const csp = await page.evaluate(() => window.__csp);
  report("no CSP violation", csp.length === 0, csp.slice(0, 3).join(" | "));
  await ctx.close();
}

// ---- #vN on load -------------------------------------------------------------
{
  const n = want.length;
  const { ctx, page, log } = await open(args.page, { hash: `#v${n}` });
  report(`#v${n} opens version ${n}`, await page.evaluate(() => document.body.getAttribute("data-at")) === String(n - 1));
  const d = firstDiff(await shownWords(page), want[n - 1]);
  report(`#v${n} shows exactly its words`, d === null, d);
  report(`#v${n} page has no console error`, log.errors.length === 0, log.errors.join(" | "));
  await ctx.close();
}

// ---- hostile pages --------------------------------------------------------------
for (const h of args.hostile) {
  const { ctx, page, log } = await open(h);
  const radios = page.locator("input[name=at]");
  for (let i = 0; i < (await radios.count()); i++) await radios.nth(i).check();
  await page.mouse.move(200, 300);
  await page.waitForTimeout(200);
  const pwned = await page.evaluate(() => typeof window.__pwned);
  report(`${h}: no hostile script ran`, pwned === "undefined", `window.__pwned is ${pwned}`);
  report(`${h}: no dialog`, log.dialogs.length === 0, log.dialogs.join(" | "));
  report(`${h}: no network request`, log.requests.length === 0, log.requests.slice(0, 3).join(" "));
  report(`${h}: our script still ran`, await page.locator("#controls").isVisible());
  const csp = await page.evaluate(() => window.__csp);
  report(`${h}: no CSP violation`, csp.length === 0, csp.join(" | "));
  await ctx.close();
}

await browser.close();
process.exit(failures ? 1 : 0);
