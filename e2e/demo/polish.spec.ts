/**
 * Issue 13 item 8, the dashboard's polish: addresses that do not break mid-word, the Activity
 * tab in words (browser and system, the course's name), times in the viewer's zone with the
 * zone named, a phone menu that folds, cover placeholders, slugs filled from titles, outline
 * edits that say what they did, keyboard drag and drop of lessons, and an https-only logo.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type BrowserContextOptions, type Locator, type Page } from "@playwright/test";
import { demoState, openContact, signInDemoLearner } from "../helpers";

const CHROME_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";

async function expectAccessible(page: Page, name: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${name}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`)).toEqual([]);
}

/** The demo owner, signed in, in a browser of their own (zone, width). */
async function owner(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const page = await (await browser.newContext(options)).newPage();
  await page.goto("/admin/login");
  await page.getByLabel("Email").fill(demoState().admin.email);
  await page.getByLabel("Password").fill(demoState().admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin\/demo$/);
  return page;
}

/** The same moment as `iso`, written as the dashboard writes it in `timeZone`. */
function stampIn(iso: string, timeZone: string): string {
  const p = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" }).formatToParts(new Date(iso));
  const part = (t: string) => p.find((x) => x.type === t)!.value;
  return `${part("year")}-${part("month")}-${part("day")} ${part("hour")}:${part("minute")} ${part("timeZoneName")}`;
}

/** Every <time> under `scope` shows its moment in `timeZone`, the zone named. */
async function expectTimesIn(scope: Locator, timeZone: string, zoneName: RegExp) {
  // Polled: the server draws UTC, and the browser switches to its zone once it has hydrated.
  const wrong = async () => {
    const times = await scope.locator("time").evaluateAll((els) => els.map((e) => ({ iso: e.getAttribute("datetime")!, text: e.textContent!.trim() })));
    if (!times.length) return ["no times"];
    return times.filter((t) => t.text !== stampIn(t.iso, timeZone) || !zoneName.test(t.text)).map((t) => `${t.iso} shown as ${t.text}`);
  };
  await expect.poll(wrong).toEqual([]);
}

/** Where each address in the contacts table wraps: the characters on both sides of every line break. */
async function emailBreaks(page: Page): Promise<{ email: string; breaks: string[] }[]> {
  return page.getByTestId("contacts-table").locator("tbody tr td:nth-child(3)").evaluateAll((cells) =>
    cells.map((cell) => {
      const text = cell.textContent ?? "";
      const breaks: string[] = [];
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      let top: number | null = null;
      let at = 0;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < (node.textContent ?? "").length; i++, at++) {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const y = range.getBoundingClientRect().top;
          if (top !== null && y > top + 2) breaks.push(`${text[at - 1]}|${text[at]}`);
          top = y;
        }
      }
      return { email: text, breaks };
    }),
  );
}

test("contacts table: an address never wraps inside a word, at 1280 px or on a phone", async ({ browser }) => {
  const admin = await owner(browser);
  for (const width of [1280, 390]) {
    await admin.setViewportSize({ width, height: 900 });
    await admin.goto("/admin/demo/contacts");
    const cells = await emailBreaks(admin);
    expect(cells.length).toBeGreaterThan(5);
    for (const { email, breaks } of cells) {
      // Only after the "@" or before a dot, as addresses are broken in print.
      for (const b of breaks) expect(`${email}: ${b}`).toMatch(/: (@\|.|.\|\.)$/);
      // At 1280 px the demo's own addresses fit on one line.
      if (width === 1280 && email.endsWith(`@demo.portico.test`)) expect(`${email}: ${breaks.join(" ")}`).toBe(`${email}: `);
    }
    await admin.screenshot({ path: `test-results/polish-contacts-${width}.png`, fullPage: true });
    await expectAccessible(admin, `contacts ${width}`);
  }
});

test("Activity tab: the browser and system instead of the raw user-agent, the course's and lesson's names, and every time in the viewer's zone, named", async ({ browser }) => {
  // A buyer with a known browser signs up (free offer) and completes a lesson.
  const email = `polish.activity.${Date.now()}@example.com`;
  const learner = await (await browser.newContext({ userAgent: CHROME_MAC })).newPage();
  await learner.goto("/p/demo/checkout/watercolor-starter");
  await learner.getByLabel("Full name").fill("Ada Activity");
  await learner.getByLabel("Email").fill(email);
  await learner.getByRole("button", { name: "Proceed to checkout" }).click();
  await learner.getByRole("button", { name: "View Dashboard" }).click();
  await learner.getByLabel("New password").fill("copper meadow violin 73");
  await learner.getByRole("button", { name: "Set password and continue" }).click();
  await expect(learner).toHaveURL(/\/p\/demo$/);
  await learner.goto("/p/demo/courses/watercolor-foundations");
  await learner.getByRole("link", { name: "Welcome to the course" }).first().click();
  const lessonUrl = learner.url();
  await learner.getByRole("button", { name: "Mark complete" }).click();
  await expect(learner).not.toHaveURL(lessonUrl);

  // The owner reads it in Tokyo.
  const admin = await owner(browser, { timezoneId: "Asia/Tokyo" });
  await admin.goto(`/admin/demo/contacts?q=${encodeURIComponent(email)}`);
  const row = admin.getByTestId("contacts-table").getByRole("row").filter({ hasText: email });
  await expectTimesIn(row, "Asia/Tokyo", / GMT\+9$/);
  await row.getByRole("link").click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Ada Activity");
  await admin.getByRole("navigation", { name: "Contact sections" }).getByRole("link", { name: "Activity" }).click();
  const activity = admin.getByTestId("activity");
  await expect(activity).toContainText("Lesson completed: “Welcome to the course” in Foundations of Watercolor");
  await expect(activity).toContainText("Course started: Foundations of Watercolor");
  await expect(activity).toContainText("Chrome 120 on macOS");
  await expect(activity).not.toContainText("Mozilla");
  await expect(activity).not.toContainText("AppleWebKit");
  await expect(activity).not.toContainText("product completed");
  await expectTimesIn(activity, "Asia/Tokyo", / GMT\+9$/);
  await expectAccessible(admin, "activity");
  await admin.screenshot({ path: "test-results/polish-activity-1280.png", fullPage: true });
  await admin.setViewportSize({ width: 390, height: 844 });
  await admin.screenshot({ path: "test-results/polish-activity-390.png", fullPage: true });

  // The server's own rendering (before the browser knows its zone) says UTC.
  const html = await (await admin.request.get(admin.url())).text();
  expect(html).toMatch(/<time dateTime="[^"]+"[^>]*>\d{4}-\d\d-\d\d \d\d:\d\d UTC<\/time>/);
  // The contact's other times follow the viewer too (Overview: invited, first and last sign-in, added).
  await admin.getByRole("navigation", { name: "Contact sections" }).getByRole("link", { name: "Overview" }).click();
  await expect(admin.locator("main dl")).toContainText("Added");
  await expectTimesIn(admin.locator("main dl"), "Asia/Tokyo", / GMT\+9$/);
});

test("on a phone the dashboard menu folds into a Menu button; at 1280 px it is always there", async ({ browser }) => {
  const admin = await owner(browser, { viewport: { width: 390, height: 844 } });
  const menu = admin.getByRole("button", { name: "Menu" });
  const nav = admin.getByRole("navigation", { name: "Dashboard" });
  await admin.goto("/admin/demo/contacts");
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(nav).toBeHidden();
  // The page starts right under one bar, not under ~540 px of menu.
  expect((await admin.getByRole("heading", { level: 1 }).boundingBox())!.y).toBeLessThan(140);
  await expectAccessible(admin, "phone, menu closed");
  await admin.screenshot({ path: "test-results/polish-menu-closed-390.png" });

  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(nav.getByRole("link", { name: "Courses" })).toBeVisible();
  await expect(admin.getByRole("button", { name: /Switch workspace/ })).toBeVisible();
  await expectAccessible(admin, "phone, menu open");
  await admin.screenshot({ path: "test-results/polish-menu-open-390.png" });
  await admin.keyboard.press("Escape");
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(menu).toBeFocused();

  // Following a link closes it.
  await menu.click();
  await nav.getByRole("link", { name: "Courses" }).click();
  await expect(admin).toHaveURL(/\/admin\/demo\/courses$/);
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(nav).toBeHidden();
  await expect(admin.getByRole("heading", { level: 1, name: "Courses" })).toBeVisible();

  await admin.setViewportSize({ width: 1280, height: 900 });
  await expect(menu).toBeHidden();
  await expect(nav.getByRole("link", { name: "Contacts" })).toBeVisible();
});

test("a new course's, group's and offer's address fills from the title until typed by hand; a cover that cannot load shows the placeholder, in the dashboard and on the portal", async ({ browser, baseURL }) => {
  const brokenCover = `${baseURL}/no-such-cover.png`; // a 404
  const admin = await owner(browser);
  await admin.goto("/admin/demo/courses");
  const form = admin.locator("form").filter({ has: admin.getByRole("button", { name: "Create course" }) });
  await form.getByLabel("Title", { exact: true }).fill("Ink & Wash: Première");
  await expect(form.getByLabel("Address")).toHaveValue("ink-wash-premiere");
  await form.getByLabel("Address").fill("ink-basics");
  await form.getByLabel("Title", { exact: true }).fill("Ink & Wash: Première, again");
  await expect(form.getByLabel("Address")).toHaveValue("ink-basics");
  // Cleared by hand: the title fills it again.
  await form.getByLabel("Address").fill("");
  await form.getByLabel("Title", { exact: true }).fill(`Ink and Wash ${Date.now()}`);
  await expect(form.getByLabel("Address")).toHaveValue(/^ink-and-wash-\d+$/);
  await expectAccessible(admin, "new course");
  await form.getByRole("button", { name: "Create course" }).click();
  await expect(admin).toHaveURL(/\/admin\/demo\/courses\/[0-9a-f-]{36}$/);
  // A saved course's address no longer follows its title (links to it would break).
  await admin.getByLabel("Title", { exact: true }).fill("Renamed ink course");
  await expect(admin.getByLabel("Address")).toHaveValue(/^ink-and-wash-\d+$/);

  await admin.goto("/admin/demo/groups");
  const groupForm = admin.locator("form").filter({ has: admin.getByRole("button", { name: "Create group" }) });
  await groupForm.getByLabel("Name", { exact: true }).fill("Évening Painters");
  await expect(groupForm.getByLabel("Address")).toHaveValue("evening-painters");

  // A new offer's checkout address too.
  await admin.goto("/admin/demo/offers");
  const offerForm = admin.locator("form").filter({ has: admin.getByRole("button", { name: "Create offer" }) });
  await offerForm.getByLabel("Title", { exact: true }).fill("Spring Bundle — 2027");
  await expect(offerForm.getByLabel("Checkout address")).toHaveValue("spring-bundle-2027");

  // A cover that cannot be loaded: the course form says so and shows the placeholder.
  await admin.goto("/admin/demo/courses");
  await admin.getByTestId("courses-list").getByRole("link", { name: "Foundations of Watercolor" }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Foundations of Watercolor");
  await admin.getByLabel("Cover image URL").fill(brokenCover);
  await admin.getByRole("button", { name: "Save course" }).click();
  await expect(admin.getByTestId("toast").filter({ hasText: "Course saved." })).toBeVisible();
  await admin.reload();
  await expect(admin.getByText("This cover image could not be loaded, so learners see this placeholder instead. Check the address.")).toBeVisible();
  await expect(admin.getByTestId("cover-placeholder")).toBeVisible();
  await expect(admin.locator("main img")).toHaveCount(0);
  await expectAccessible(admin, "course with a broken cover");

  try {
    const learner = await (await browser.newContext()).newPage();
    await learner.goto("/p/demo/login");
    await learner.getByLabel("Email").fill(demoState().learner.email);
    await learner.getByLabel("Password").fill(demoState().learner.password);
    await learner.getByRole("button", { name: "Sign in" }).click();
    await expect(learner).toHaveURL(/\/p\/demo$/);
    const card = learner.getByTestId("my-courses").getByRole("listitem").filter({ hasText: "Foundations of Watercolor" });
    await expect(card.getByTestId("cover-placeholder")).toBeVisible();
    await expect(card.locator("img")).toHaveCount(0);
    await expectAccessible(learner, "portal home with a broken cover");
    await learner.setViewportSize({ width: 390, height: 844 });
    await learner.screenshot({ path: "test-results/polish-cover-placeholder-390.png", fullPage: true });
  } finally {
    await admin.reload();
    await admin.getByLabel("Cover image URL").fill("");
    await admin.getByRole("button", { name: "Save course" }).click();
    await expect(admin.getByTestId("toast").filter({ hasText: "Course saved." })).toBeVisible();
    await admin.reload();
    await expect(admin.getByText(/This cover image could not be loaded/)).toHaveCount(0);
  }
});

test("course outline: Rename and every edit say what they did; lessons reorder by keyboard drag and drop, and by the arrows, through the same action", async ({ browser }) => {
  const admin = await owner(browser);
  await admin.goto("/admin/demo/courses");
  const title = `Outline ${Date.now()}`;
  await admin.getByLabel("Title", { exact: true }).fill(title);
  await admin.getByRole("button", { name: "Create course" }).click();
  await expect(admin).toHaveURL(/\/admin\/demo\/courses\/[0-9a-f-]{36}$/);
  const coursePage = admin.url();
  const toast = admin.getByTestId("toast");

  await expect(admin.getByText("No categories yet: add one to start adding lessons.")).toBeVisible();
  await admin.getByLabel("New category title").fill("Basics");
  await admin.getByRole("button", { name: "Add category" }).click();
  await expect(toast.filter({ hasText: "Category “Basics” added." })).toBeVisible();
  await expect(admin.getByText("No lessons yet: add the first one below.")).toBeVisible();
  for (const lesson of ["Alpha", "Bravo", "Charlie"]) {
    await admin.getByLabel("New lesson title").fill(lesson);
    await admin.getByRole("button", { name: "Add lesson" }).click();
    await expect(admin).toHaveURL(/\/lessons\/[0-9a-f-]{36}$/);
    await admin.goto(coursePage);
  }

  // Rename: what changed, or why nothing did.
  await admin.getByLabel("Category title", { exact: true }).fill("First steps");
  await admin.getByRole("button", { name: "Rename" }).click();
  await expect(toast.filter({ hasText: "Category renamed from “Basics” to “First steps”." })).toBeVisible();
  await expect(admin.getByLabel("Category title", { exact: true })).toHaveValue("First steps");
  // React resets the form when the action's transition ends: wait for it before typing again.
  await expect(admin.getByRole("button", { name: "Rename", exact: true })).toBeEnabled();
  await admin.getByLabel("Category title", { exact: true }).fill("");
  await admin.getByRole("button", { name: "Rename" }).click();
  await expect(admin.getByText("Enter a title.")).toBeVisible();
  await expect(admin.getByLabel("Category title", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await admin.reload();
  await expectAccessible(admin, "course outline");

  // Keyboard drag and drop: focus the handle, Space, arrows, Space.
  const lessons = admin.getByTestId("outline-lesson");
  await expect(lessons).toHaveText([/Alpha/, /Bravo/, /Charlie/]);
  const handle = admin.getByRole("button", { name: "Drag to reorder Charlie" });
  const announced = admin.locator("[role=status][aria-live=assertive]").filter({ hasText: /“Charlie”/ });
  await handle.focus();
  await admin.keyboard.press("Space");
  await expect(handle).toHaveAttribute("aria-pressed", "true");
  await expect(announced).toHaveText(/“Charlie” (is over|at) position 3 of 3\./);
  await admin.keyboard.press("ArrowUp");
  await admin.keyboard.press("ArrowUp");
  await expect(announced).toHaveText("“Charlie” is over position 1 of 3.");
  await admin.keyboard.press("Space");
  await expect(announced).toHaveText("“Charlie” dropped at position 1 of 3.");
  await expect(toast.filter({ hasText: "Lesson “Charlie” moved to position 1 of 3." })).toBeVisible();
  await expect(lessons).toHaveText([/Charlie/, /Alpha/, /Bravo/]);
  await admin.reload();
  await expect(lessons).toHaveText([/Charlie/, /Alpha/, /Bravo/]);

  // The arrows still work, and say so too.
  await admin.getByRole("button", { name: "Move Charlie down" }).click();
  await expect(toast.filter({ hasText: "Lesson “Charlie” moved to position 2 of 3." })).toBeVisible();
  await expect(lessons).toHaveText([/Alpha/, /Charlie/, /Bravo/]);

  // And with the mouse.
  const from = (await admin.getByRole("button", { name: "Drag to reorder Bravo" }).boundingBox())!;
  const to = (await lessons.first().boundingBox())!;
  await admin.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await admin.mouse.down();
  await admin.mouse.move(from.x + from.width / 2, from.y - 10, { steps: 5 });
  await admin.mouse.move(from.x + from.width / 2, to.y + to.height / 2, { steps: 10 });
  await admin.mouse.up();
  await expect(toast.filter({ hasText: "Lesson “Bravo” moved to position 1 of 3." })).toBeVisible();
  await admin.reload();
  await expect(lessons).toHaveText([/Bravo/, /Alpha/, /Charlie/]);
  await admin.screenshot({ path: "test-results/polish-outline-1280.png", fullPage: true });
  await admin.setViewportSize({ width: 390, height: 844 });
  await admin.screenshot({ path: "test-results/polish-outline-390.png", fullPage: true });
  await expectAccessible(admin, "course outline 390");
});

test("Settings: an http:// logo is refused, saying why, and nothing is saved", async ({ browser }) => {
  const admin = await owner(browser);
  await admin.goto("/admin/demo/settings");
  await admin.getByLabel("Logo URL").fill("http://cdn.example.com/logo.png");
  await admin.getByRole("button", { name: "Save settings" }).click();
  await expect(admin.getByText("Use an https:// address: browsers and email apps block images from http:// on secure pages.")).toBeVisible();
  await expect(admin.getByLabel("Logo URL")).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(admin, "settings with logo error");
  await admin.reload();
  await expect(admin.getByLabel("Logo URL")).toHaveValue("");
});

/** How far the page scrolls past its last visible content (px): a blank tail is a defect. */
async function blankTail(page: Page): Promise<{ scroll: number; content: number; viewport: number }> {
  return page.evaluate(() => {
    let content = 0;
    for (const el of Array.from(document.body.querySelectorAll("*"))) {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (!r.height || !r.width || style.visibility === "hidden") continue;
      // Leaf-ish content: text, controls, images, cards; not the layout wrappers that stretch to the window.
      const wrapper = el.children.length > 0 && Array.from(el.children).some((c) => c.getBoundingClientRect().height > 0) && !(el.textContent ?? "").trim().length;
      if (wrapper) continue;
      if (el.children.length === 0 || el.matches("p,h1,h2,h3,li,a,button,svg,img,input,select,textarea,table,section,[class*=border]")) content = Math.max(content, r.bottom + window.scrollY);
    }
    return { scroll: document.documentElement.scrollHeight, content: Math.round(content), viewport: window.innerHeight };
  });
}

test("the Client Portal home and the portal home end where their content ends (no blank scroll), at 1280 px and 390 px", async ({ browser }) => {
  const admin = await owner(browser);
  for (const width of [1280, 390]) {
    await admin.setViewportSize({ width, height: 800 });
    await admin.goto("/admin/demo");
    await admin.waitForLoadState("networkidle");
    const t = await blankTail(admin);
    expect(t.scroll).toBeLessThanOrEqual(Math.max(t.viewport, t.content + 64));
  }
  const learner = await (await browser.newContext()).newPage();
  await signInDemoLearner(learner);
  for (const path of ["/p/demo", "/p/demo/courses", "/p/demo/login"]) {
    for (const width of [1280, 390]) {
      await learner.setViewportSize({ width, height: 800 });
      await learner.goto(path);
      await learner.waitForLoadState("networkidle");
      const t = await blankTail(learner);
      expect(t.scroll).toBeLessThanOrEqual(Math.max(t.viewport, t.content + 64));
    }
  }
  // During an admin's preview the banner sits above the page: the page must not scroll blank by its height.
  await openContact(admin, "lea.dubois@demo.portico.test", "Actions");
  await admin.getByLabel("Reason (recorded)").fill("Support ticket 77: blank scroll check");
  const [tab] = await Promise.all([admin.context().waitForEvent("page"), admin.getByRole("button", { name: "Preview as learner" }).click()]);
  await expect(tab.getByTestId("preview-banner")).toBeVisible();
  for (const width of [1280, 390]) {
    await tab.setViewportSize({ width, height: 800 });
    await tab.goto("/p/demo/courses");
    await expect(tab.getByTestId("preview-banner")).toBeVisible();
    const t = await blankTail(tab);
    expect(t.scroll).toBeLessThanOrEqual(Math.max(t.viewport, t.content + 64));
  }
});
