// e2e.mjs - the HTML redline in a real browser (Debian's Chromium, headless,
// driven by playwright-core).  Run by tests/cli/html.sh:
//
//   node tests/browser/e2e.mjs --page P.html [--old OLD.md --new NEW.md]
//        [--part OLD.txt,NEW.txt]... [--hostile H.html]... [--shots DIR --shot-name NAME]
//
// Prints one line per check, "ok NAME" or "not ok NAME: detail", and exits
// 1 if any check failed (2 if the browser could not be started).
// Checks: no network request (only file: and data:), no console error or
// CSP violation, note markers open and close their notes (click, Enter,
// Space, Escape returns focus), #note-ID opens a note on load, the tag
// filter, each view shows exactly the words of its version, hostile pages
// run no script; screenshots at 1400 and 420 pixels wide.  With --part
// (a one-document page, one section per comparison, in order): each
// section's own view switch shows exactly its comparison's old and new
// words and leaves the other sections alone; ids are unique in the page.
import { chromium } from "playwright-core";
import { readFileSync, mkdirSync, statSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const args = { hostile: [], part: [] };
for (let i = 2; i < process.argv.length; i++) {
  const k = process.argv[i].replace(/^--/, "");
  const v = process.argv[++i];
  if (k === "hostile") args.hostile.push(v);
  else if (k === "part") args.part.push(v.split(","));
  else args[k] = v;
}
if (!args.page) {
  console.error("usage: e2e.mjs --page P.html [--old F --new F] [--hostile H.html]... [--shots DIR]");
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

// The words of a version file: front matter and Markdown link destinations
// removed, then every run of letters and digits.  Labels such as "(a)" give
// the word "a" on both sides, so labels are compared too.
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

// playwright refuses an explicit --user-data-dir with launch(): it gives
// Chromium a fresh, empty profile in a temporary folder of its own, and
// removes it on close.
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

// A page with watchers for requests, console errors, CSP violations, dialogs.
async function open(file, { width = 1400, height = 1000, hash = "" } = {}) {
  const ctx = await browser.newContext({ viewport: { width, height } });
  const page = await ctx.newPage();
  const log = { requests: [], errors: [], dialogs: [] };
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith("file:") && !u.startsWith("data:")) log.requests.push(u);
  });
  page.on("console", (m) => { if (m.type() === "error") log.errors.push(m.text()); });
  page.on("pageerror", (e) => log.errors.push(String(e)));
  page.on("dialog", (d) => { log.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI));
  });
  await page.goto(pathToFileURL(resolve(file)).href + hash);
  await page.waitForLoadState("load");
  return { ctx, page, log };
}

// The words shown in the text (main), leaving out note markers, notes,
// move links and visually hidden change labels.
async function shownWords(page, root = "main") {
  const text = await page.evaluate((sel) => {
    const out = [];
    const main = document.querySelector(sel);
    const w = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
    for (let n = w.nextNode(); n; n = w.nextNode()) {
      const el = n.parentElement;
      if (el.closest(".notes, button.mark, .mvlink, .vh")) continue;
      if (!el.checkVisibility()) continue;
      out.push(n.data);
    }
    return out.join("");
  }, root);
  return words(text);
}

const isVisible = (page, sel) => page.locator(sel).first().isVisible();

// ---- the main page -------------------------------------------------------
{
  const { ctx, page, log } = await open(args.page);
  report("script ran (controls shown)", await isVisible(page, "#controls"));
  const marks = page.locator("button.mark");
  const nmarks = await marks.count();
  report("page has note markers", nmarks > 0, `${nmarks} markers`);
  if (nmarks > 0) {
    const m = marks.first();
    const noteId = await m.getAttribute("aria-controls");
    const note = page.locator(`[id="${noteId}"]`);
    report("notes start closed", !(await note.isVisible()) && (await m.getAttribute("aria-expanded")) === "false");
    await m.click();
    report("click opens the note", (await note.isVisible()) && (await m.getAttribute("aria-expanded")) === "true");
    await page.keyboard.press("Escape");
    report("Escape closes the note", !(await note.isVisible()) && (await m.getAttribute("aria-expanded")) === "false");
    report("Escape returns focus to the marker",
      await page.evaluate((id) => document.activeElement && document.activeElement.getAttribute("aria-controls") === id, noteId));
    await m.focus();
    await page.keyboard.press("Enter");
    report("Enter opens the note", await note.isVisible());
    await note.focus();
    await page.keyboard.press("Escape");
    report("Escape inside the note closes it", !(await note.isVisible()));
    await m.focus();
    await page.keyboard.press(" ");
    report("Space opens the note", await note.isVisible());
    const focusStyle = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    report("focused marker shows an outline", focusStyle !== "none", focusStyle);
    await page.keyboard.press(" ");
    report("Space closes the note", !(await note.isVisible()));

    // The tag filter: unchecking every tag hides every tagged note's marker.
    const tags = page.locator("#tags input");
    const ntags = await tags.count();
    if (ntags > 0) {
      for (let i = 0; i < ntags; i++) await tags.nth(i).uncheck();
      const hidden = await page.evaluate(() => [...document.querySelectorAll(".note[data-tags]")].every((n) => {
        const b = document.querySelector(`[aria-controls="${n.id}"]`);
        return b && !b.checkVisibility();
      }));
      report("tag filter hides tagged notes' markers", hidden);
      for (let i = 0; i < ntags; i++) await tags.nth(i).check();
      report("tag filter shows them again", await marks.first().isVisible());
    }
  }

  // Contrast of text against its background (WCAG 2: at least 4.5:1),
  // with every note open.
  const openAll = page.locator("#all-notes");
  if (await openAll.count()) {
    await openAll.check();
    report("Open all shows every note", await page.evaluate(() =>
      [...document.querySelectorAll(".note")].every((n) => n.checkVisibility())));
  }
  const low = await page.evaluate(() => {
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
    const sel = "main p, main h2, main ins, main del, .mvlink, button.mark, .note .meta, .note .body, .overview li, .controls label, .versions dd, .edition";
    for (const el of document.querySelectorAll(sel)) {
      if (!el.checkVisibility()) continue;
      const a = lum(rgb(getComputedStyle(el).color)), b = lum(bg(el));
      const r = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      if (r < 4.5) bad.push(`${el.tagName.toLowerCase()}.${el.className} ${r.toFixed(2)}`);
    }
    return bad;
  });
  report("text contrast at least 4.5:1", low.length === 0, low.slice(0, 5).join(", "));
  if (await openAll.count()) {
    await openAll.uncheck();
    report("Open all unchecked closes them", await page.evaluate(() =>
      [...document.querySelectorAll(".note")].every((n) => !n.checkVisibility())));
  }

  // Views: each shows exactly one version's words.
  const redlineWords = await shownWords(page);
  for (const [view, file] of args.part.length ? [] : [["old", args.old], ["new", args.new]]) {
    await page.locator(`input[name=view][value=${view}]`).check();
    const got = await shownWords(page);
    if (file) {
      const d = firstDiff(got, sourceWords(file));
      report(`${view} view shows exactly the ${view} words`, d === null, d);
    }
    report(`${view} view hides some of the redline`, got.length < redlineWords.length,
      `${got.length} of ${redlineWords.length} words`);
    report(`${view} view shows no change markup`, await page.evaluate((v) =>
      [...document.querySelectorAll(v === "old" ? "main ins" : "main del")].every((e) => !e.checkVisibility()), view));
  }
  // One document: section k's switch shows its comparison's versions.
  for (let k = 1; k <= args.part.length; k++) {
    const [oldFile, newFile] = args.part[k - 1];
    const sec = `#s${k} .doc`;
    const others = async () => Promise.all(args.part.map((_, j) => j + 1 === k ? null : shownWords(page, `#s${j + 1} .doc`)));
    const before = await others();
    const secRedline = await shownWords(page, sec);
    for (const [view, file] of [["old", oldFile], ["new", newFile]]) {
      await page.locator(`input[name=view-s${k}][value=${view}]`).check();
      const got = await shownWords(page, sec);
      const d = firstDiff(got, sourceWords(file));
      report(`section ${k}: ${view} view shows exactly the ${view} words`, d === null, d);
      report(`section ${k}: ${view} view hides some of the redline`, got.length < secRedline.length,
        `${got.length} of ${secRedline.length} words`);
      const after = await others();
      report(`section ${k}: ${view} view leaves the other sections alone`,
        after.every((w, j) => w === null || firstDiff(w, before[j]) === null));
    }
    await page.locator(`input[name=view-s${k}][value=redline]`).check();
    report(`section ${k}: redline view comes back unchanged`, firstDiff(await shownWords(page, sec), secRedline) === null);
  }
  if (args.part.length) {
    report("one section per comparison", await page.locator("section.part").count() === args.part.length);
    const dup = await page.evaluate(() => {
      const seen = new Set(), d = [];
      for (const e of document.querySelectorAll("[id]")) { if (seen.has(e.id)) d.push(e.id); seen.add(e.id); }
      return d;
    });
    report("ids are unique in the page", dup.length === 0, dup.slice(0, 5).join(" "));
    const nums = await page.evaluate(() => [...document.querySelectorAll(".note")].map((n) => Number(n.getAttribute("data-n"))));
    report("note numbers run on through the sections", nums.length > 0 && nums.every((n, i) => n === i + 1), nums.join(" "));
  } else {
    await page.locator("input[name=view][value=redline]").check();
    const back = await shownWords(page);
    report("redline view comes back unchanged", firstDiff(back, redlineWords) === null);
  }

  if (args.shots) {
    mkdirSync(args.shots, { recursive: true });
    const name = args["shot-name"] || "page";
    if (nmarks > 0) await marks.first().click();
    await page.screenshot({ path: join(args.shots, `${name}-wide.png`), animations: "disabled" });
    await page.setViewportSize({ width: 420, height: 900 });
    if (nmarks > 0) await marks.first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(args.shots, `${name}-narrow.png`), animations: "disabled" });
    await page.setViewportSize({ width: 1400, height: 1000 });
    // Print: Chromium's own PDF of the page (A4), first pages as PNG.
    const pdf = join(args.shots, `${name}-print.pdf`);
    await page.pdf({ path: pdf, format: "A4" });
    const r = spawnSync("pdftoppm", ["-png", "-r", "70", "-f", "1", "-l", "3", pdf, join(args.shots, `${name}-print`)]);
    report("print PDF renders", r.status === 0 && statSync(pdf).size > 1000, r.error ? String(r.error) : "");
  }
  report("no network request", log.requests.length === 0, log.requests.slice(0, 3).join(" "));
  report("no console error", log.errors.length === 0, log.errors.slice(0, 3).join(" | "));
  const csp = await page.evaluate(() => window.__csp);
  report("no CSP violation", csp.length === 0, csp.slice(0, 3).join(" | "));
  await ctx.close();
}

// ---- #note-ID on load ------------------------------------------------------
{
  const first = await (async () => {
    const { ctx, page } = await open(args.page);
    const id = await page.locator(".note").last().getAttribute("id").catch(() => null);
    await ctx.close();
    return id;
  })();
  if (first) {
    const { ctx, page, log } = await open(args.page, { hash: "#" + first });
    const note = page.locator(`[id="${first}"]`);
    report("#note-ID opens that note on load", await note.isVisible());
    report("#note-ID marks its marker expanded",
      (await page.locator(`[aria-controls="${first}"]`).getAttribute("aria-expanded")) === "true");
    report("#note-ID page has no console error", log.errors.length === 0, log.errors.join(" | "));
    await ctx.close();
  }
  // A note shown in two sections: #note-ID opens the first.
  const twice = await (async () => {
    const { ctx, page } = await open(args.page);
    const id = await page.evaluate(() => {
      for (const n of document.querySelectorAll(".note")) if (document.getElementById(n.id + "-2")) return n.id;
      return null;
    });
    await ctx.close();
    return id;
  })();
  if (args.part.length) report("a note shown in two sections has two ids", twice !== null);
  if (twice) {
    const { ctx, page } = await open(args.page, { hash: "#" + twice });
    report("#note-ID opens the first of a repeated note",
      (await page.locator(`[id="${twice}"]`).isVisible()) && !(await page.locator(`[id="${twice}-2"]`).isVisible()));
    await ctx.close();
  }
}

// ---- Without JavaScript every note is readable -------------------------------
{
  const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1400, height: 1000 } });
  const page = await ctx.newPage();
  await page.goto(pathToFileURL(resolve(args.page)).href);
  const all = await page.evaluate(() => [...document.querySelectorAll(".note")].every((n) => n.checkVisibility()));
  report("without JavaScript every note is shown", all);
  await ctx.close();
}

// ---- hostile pages ------------------------------------------------------------
for (const h of args.hostile) {
  const { ctx, page, log } = await open(h);
  // Open every note and switch every view, so any payload gets its chance.
  await page.evaluate(() => document.querySelectorAll("button.mark").forEach((b) => b.click()));
  for (const v of ["old", "new", "redline"]) {
    const r = page.locator(`input[name=view][value=${v}]`);
    if (await r.count()) await r.check();
  }
  await page.mouse.move(200, 300);
  await page.waitForTimeout(200);
  const pwned = await page.evaluate(() => typeof window.__pwned);
  report(`${h}: no hostile script ran`, pwned === "undefined", `window.__pwned is ${pwned}`);
  report(`${h}: no dialog`, log.dialogs.length === 0, log.dialogs.join(" | "));
  report(`${h}: no network request`, log.requests.length === 0, log.requests.slice(0, 3).join(" "));
  report(`${h}: our script still ran`, await isVisible(page, "#controls"));
  const bad = await page.evaluate(() => [...document.querySelectorAll("*")].filter((e) =>
    [...e.attributes].some((a) => /^on/i.test(a.name)) || (e.tagName === "A" && /^\s*javascript:/i.test(e.getAttribute("href") || ""))).length);
  report(`${h}: no event handler attribute or javascript: link`, bad === 0, `${bad} elements`);
  const csp = await page.evaluate(() => window.__csp);
  report(`${h}: no CSP violation`, csp.length === 0, csp.join(" | "));
  await ctx.close();
}

await browser.close();
process.exit(failures ? 1 : 0);
